#pragma once

#include <string>
#include <string_view>

namespace atrium::host::storage {

// Decides a file's media type from its bytes with libmagic (the `file` command's database),
// never from a name or a client's header. Thread-safe: libmagic cookies are not, so each thread
// opens its own on first use and keeps it.
class ContentSniffer {
 public:
  // Throws std::runtime_error when libmagic or its database cannot be loaded (at start-up, so a
  // broken installation is found before the first upload).
  ContentSniffer();

  // The media type, e.g. "image/jpeg", "text/html", "application/octet-stream".
  std::string sniff(std::string_view data) const;
};

}  // namespace atrium::host::storage

#include "host/services/storage/content_sniffer.hpp"

#include <magic.h>

#include <memory>
#include <stdexcept>

namespace atrium::host::storage {
namespace {

struct MagicCloser {
  void operator()(magic_set* cookie) const { magic_close(cookie); }
};
using MagicCookie = std::unique_ptr<magic_set, MagicCloser>;

// MAGIC_MIME_TYPE: "image/jpeg" without the charset; MAGIC_ERROR: report rather than guess on
// an internal error. Compressed files are not looked into (a gzip is a gzip).
MagicCookie openCookie() {
  MagicCookie cookie(magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR));
  if (!cookie) throw std::runtime_error("libmagic: magic_open failed");
  if (magic_load(cookie.get(), nullptr) != 0) {
    const char* error = magic_error(cookie.get());
    throw std::runtime_error(std::string("libmagic: cannot load its database: ") +
                             (error ? error : "unknown error"));
  }
  return cookie;
}

magic_set* threadCookie() {
  thread_local MagicCookie cookie = openCookie();
  return cookie.get();
}

}  // namespace

ContentSniffer::ContentSniffer() { threadCookie(); }

std::string ContentSniffer::sniff(std::string_view data) const {
  if (data.empty()) return "application/x-empty";
  magic_set* cookie = threadCookie();
  const char* type = magic_buffer(cookie, data.data(), data.size());
  if (type == nullptr) {
    const char* error = magic_error(cookie);
    throw std::runtime_error(std::string("libmagic: ") + (error ? error : "unknown error"));
  }
  return type;
}

}  // namespace atrium::host::storage

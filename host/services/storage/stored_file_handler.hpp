#pragma once

#include <cstddef>
#include <string_view>

#include "host/http/request.hpp"
#include "host/http/response.hpp"
#include "host/services/storage/storage_service.hpp"

namespace atrium::host::storage {

// Serves GET and HEAD `<storage.url_prefix>/<key>` (docs/storage.md "Serving"):
// - Content-Type from the stored (sniffed) type, X-Content-Type-Options: nosniff and a
//   Content-Security-Policy sandbox, so a browser never runs what it shows;
// - ETag (the random name: content never changes under a key), Last-Modified, Cache-Control
//   public + max-age + immutable; 304 on a matching If-None-Match, else on If-Modified-Since;
// - Range: one bytes range → 206 with Content-Range, unsatisfiable → 416 (If-Range honoured);
// - 404 for anything that is not a stored file, including every malformed or traversal key
//   (the key grammar admits no '.', '/', '%' or NUL where a path could escape).
// Only the bytes sent are read from disk. A response larger than `max_response_bytes`
// (server.max_response_size; Pistache buffers responses) is refused with a 500 that names the
// limit in the log: clients can still fetch it in ranges.
class StoredFileHandler {
 public:
  StoredFileHandler(const StorageService& storage, size_t max_response_bytes)
      : storage_(storage), max_response_bytes_(max_response_bytes) {}

  void operator()(const http::Request& request, http::Response& response) const;

  // The route pattern the built-in endpoint registers: "<url_prefix>/*key".
  static constexpr std::string_view kKeyParam = "key";

 private:
  const StorageService& storage_;
  size_t max_response_bytes_;
};

}  // namespace atrium::host::storage

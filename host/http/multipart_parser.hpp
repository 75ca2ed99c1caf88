#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "host/http/request.hpp"

namespace atrium::host::http {

// Limits applied while parsing one multipart/form-data body (storage.multipart in the YAML).
struct MultipartLimits {
  size_t max_parts = 16;             // parts in one body (413 beyond)
  size_t max_header_bytes = 8192;    // one part's header block (413 beyond)
  size_t max_field_bytes = 65536;    // a part without filename (413 beyond)
  size_t max_file_bytes = SIZE_MAX;  // a part with a filename (413 beyond)
};

// One part. `data` points into the body that was parsed (no copy): valid while that body is.
struct MultipartPart {
  std::string name;                     // Content-Disposition name
  std::optional<std::string> filename;  // set for file parts; directory components removed
  std::string content_type;             // as the client declared it (default text/plain)
  std::vector<NameValue> headers;       // every part header, names as received
  std::string_view data;

  bool isFile() const { return filename.has_value(); }
};

// A body that is not acceptable multipart/form-data. `status` is 400 (malformed), 413 (a limit)
// or 415 (not multipart/form-data); `code` is stable, `what()` is safe to show the client.
class MultipartError : public std::runtime_error {
 public:
  MultipartError(int status, std::string code, const std::string& message)
      : std::runtime_error(message), status_(status), code_(std::move(code)) {}
  int status() const noexcept { return status_; }
  const std::string& code() const noexcept { return code_; }

 private:
  int status_;
  std::string code_;
};

// The boundary of a `multipart/form-data; boundary=...` Content-Type (RFC 7578 §4.1, RFC 2046
// §5.1.1: 1..70 characters from bchars, not ending in a space). Throws MultipartError: 415 for
// another media type, 400 for a missing or malformed boundary.
std::string multipartBoundary(std::string_view content_type);

// Parses `body` (RFC 7578 / RFC 2046): preamble and epilogue ignored, CRLF line ends, a
// Content-Disposition `form-data` with a name on every part, `filename*` (RFC 8187) preferred
// over `filename`. Throws MultipartError on malformed input (truncated body, missing close
// delimiter, header without colon, folded header, ...) and on any limit exceeded.
std::vector<MultipartPart> parseMultipart(std::string_view body, std::string_view boundary,
                                          const MultipartLimits& limits);

// Both steps, from a request's Content-Type header and body.
std::vector<MultipartPart> parseMultipartRequest(const Request& request,
                                                 const MultipartLimits& limits);

}  // namespace atrium::host::http

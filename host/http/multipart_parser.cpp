#include "host/http/multipart_parser.hpp"

#include <algorithm>
#include <functional>

#include "host/http/header_params.hpp"
#include "host/http/header_syntax.hpp"

namespace atrium::host::http {
namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr size_t kMaxBoundary = 70;
constexpr size_t kMaxNameBytes = 256;
constexpr size_t kMaxFilenameBytes = 1024;

[[noreturn]] void malformed(const std::string& message) {
  throw MultipartError(400, "invalid_multipart", "Malformed multipart body: " + message);
}

[[noreturn]] void tooLarge(const std::string& message) {
  throw MultipartError(413, "payload_too_large", message);
}

bool isBoundaryChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return c != '\0' && std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}

// Finds `needle` in `haystack` from `from`; npos when absent.
size_t find(std::string_view haystack, std::string_view needle, size_t from) {
  if (from > haystack.size()) return std::string_view::npos;
  const auto begin = haystack.begin() + static_cast<std::ptrdiff_t>(from);
  const auto it = std::search(begin, haystack.end(),
                              std::boyer_moore_horspool_searcher(needle.begin(), needle.end()));
  return it == haystack.end() ? std::string_view::npos : static_cast<size_t>(it - haystack.begin());
}

// The last path component: browsers of old sent "C:\photos\a.jpg"; the name is metadata only
// (stored files get random names) but must not carry a path either way.
std::string baseName(std::string_view name) {
  const size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  return std::string(name);
}

struct Disposition {
  std::string name;
  std::optional<std::string> filename;
};

Disposition parseDisposition(std::string_view value) {
  auto parsed = parseHeaderParams(value);
  if (!parsed) malformed("bad Content-Disposition header");
  if (parsed->value != "form-data") malformed("Content-Disposition must be form-data");
  auto name = parsed->get("name");
  if (!name || name->empty()) malformed("a part has no name");
  if (name->size() > kMaxNameBytes) malformed("a part name is longer than 256 bytes");
  Disposition out{std::string(*name), std::nullopt};
  if (auto ext = parsed->get("filename*")) {
    auto decoded = decodeExtValue(*ext);
    if (!decoded) malformed("bad filename* parameter (UTF-8''percent-encoded expected)");
    out.filename = baseName(*decoded);
  } else if (auto plain = parsed->get("filename")) {
    out.filename = baseName(*plain);
  }
  if (out.filename && out.filename->size() > kMaxFilenameBytes) {
    malformed("a file name is longer than 1024 bytes");
  }
  return out;
}

// Parses the header block `block` (lines separated by CRLF, no final empty line) into `part`.
void parsePartHeaders(std::string_view block, MultipartPart& part) {
  bool have_disposition = false;
  size_t pos = 0;
  while (pos < block.size()) {
    size_t end = block.find(kCrlf, pos);
    if (end == std::string_view::npos) end = block.size();
    const std::string_view line = block.substr(pos, end - pos);
    pos = end + kCrlf.size();
    if (line.empty()) malformed("empty header line");
    if (line.front() == ' ' || line.front() == '\t') malformed("folded header lines");
    if (line.find('\r') != std::string_view::npos || line.find('\n') != std::string_view::npos) {
      malformed("bare CR or LF in part headers");
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) malformed("a part header has no name");
    std::string_view name = line.substr(0, colon);
    if (!isHeaderName(name)) malformed("a part header name is not a token");
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
      value.remove_prefix(1);
    }
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    if (equalsIgnoreCase(name, "Content-Disposition")) {
      if (have_disposition) malformed("two Content-Disposition headers in one part");
      have_disposition = true;
      Disposition disposition = parseDisposition(value);
      part.name = std::move(disposition.name);
      part.filename = std::move(disposition.filename);
    } else if (equalsIgnoreCase(name, "Content-Type")) {
      part.content_type = std::string(value);
    }
    part.headers.emplace_back(std::string(name), std::string(value));
  }
  if (!have_disposition) malformed("a part has no Content-Disposition header");
  if (part.content_type.empty()) part.content_type = "text/plain";
}

// After a delimiter: "--" closes the body; otherwise optional transport padding then CRLF.
// Returns true at the close delimiter; `pos` is left after the delimiter line.
bool readDelimiterEnd(std::string_view body, size_t& pos) {
  if (body.substr(pos, 2) == "--") return true;
  while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
  if (body.substr(pos, 2) != kCrlf) malformed("a boundary line does not end with CRLF");
  pos += 2;
  return false;
}

}  // namespace

std::string multipartBoundary(std::string_view content_type) {
  auto parsed = parseHeaderParams(content_type);
  if (!parsed || parsed->value != "multipart/form-data") {
    throw MultipartError(415, "unsupported_media_type",
                         "Expected a multipart/form-data request body");
  }
  auto boundary = parsed->get("boundary");
  if (!boundary || boundary->empty() || boundary->size() > kMaxBoundary ||
      boundary->back() == ' ' || !std::all_of(boundary->begin(), boundary->end(), isBoundaryChar)) {
    malformed("missing or invalid boundary parameter in Content-Type");
  }
  return std::string(*boundary);
}

std::vector<MultipartPart> parseMultipart(std::string_view body, std::string_view boundary,
                                          const MultipartLimits& limits) {
  const std::string dash_boundary = "--" + std::string(boundary);
  const std::string delimiter = "\r\n" + dash_boundary;
  // The first delimiter may open the body or follow a preamble line.
  size_t pos = 0;
  if (body.substr(0, dash_boundary.size()) == dash_boundary) {
    pos = dash_boundary.size();
  } else {
    const size_t found = find(body, delimiter, 0);
    if (found == std::string_view::npos) malformed("no boundary found");
    pos = found + delimiter.size();
  }
  std::vector<MultipartPart> parts;
  for (;;) {
    if (readDelimiterEnd(body, pos)) return parts;  // the epilogue is ignored
    if (parts.size() == limits.max_parts) {
      tooLarge("Too many parts (at most " + std::to_string(limits.max_parts) + ")");
    }
    MultipartPart part;
    // Headers end at the first empty line; a part may have none ("\r\n" at once) but form-data
    // requires Content-Disposition, which parsePartHeaders checks.
    size_t headers_end = 0;
    std::string_view block;
    if (body.substr(pos, 2) == kCrlf) {
      headers_end = pos + 2;
    } else {
      const size_t blank = find(body, "\r\n\r\n", pos);
      const size_t limit_end = pos + limits.max_header_bytes;
      if (blank == std::string_view::npos) {
        if (body.size() - pos > limits.max_header_bytes) {
          tooLarge("Part headers are too large");
        }
        malformed("truncated part headers");
      }
      if (blank > limit_end) tooLarge("Part headers are too large");
      block = body.substr(pos, blank - pos);
      headers_end = blank + 4;
    }
    parsePartHeaders(block, part);
    const size_t data_end = find(body, delimiter, headers_end);
    if (data_end == std::string_view::npos) malformed("truncated body (no closing boundary)");
    part.data = body.substr(headers_end, data_end - headers_end);
    if (part.isFile() && part.data.size() > limits.max_file_bytes) {
      tooLarge("File '" + part.name + "' is too large (at most " +
               std::to_string(limits.max_file_bytes) + " bytes)");
    }
    if (!part.isFile() && part.data.size() > limits.max_field_bytes) {
      tooLarge("Field '" + part.name + "' is too large (at most " +
               std::to_string(limits.max_field_bytes) + " bytes)");
    }
    parts.push_back(std::move(part));
    pos = data_end + delimiter.size();
  }
}

std::vector<MultipartPart> parseMultipartRequest(const Request& request,
                                                 const MultipartLimits& limits) {
  auto content_type = request.header("Content-Type");
  if (!content_type) {
    throw MultipartError(415, "unsupported_media_type",
                         "Expected a multipart/form-data request body");
  }
  return parseMultipart(request.body, multipartBoundary(*content_type), limits);
}

}  // namespace atrium::host::http

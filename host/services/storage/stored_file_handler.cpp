#include "host/services/storage/stored_file_handler.hpp"

#include <string>

#include "host/http/byte_range.hpp"
#include "host/http/http_date.hpp"
#include "host/services/storage/media_types.hpp"
#include "host/services/storage/storage_key.hpp"

namespace atrium::host::storage {
namespace {

// The strong validator of a stored file: its random name (content never changes under it).
std::string etagOf(std::string_view key) {
  const size_t slash = key.rfind('/');
  const size_t dot = key.rfind('.');
  return "\"" + std::string(key.substr(slash + 1, dot - slash - 1)) + "\"";
}

// If-None-Match: "*" or a list of entity tags, compared weakly (W/ prefixes ignored).
bool noneMatchHits(std::string_view header, std::string_view etag) {
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(',', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view tag = header.substr(pos, end - pos);
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
    if (tag == "*") return true;
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
    if (tag == etag) return true;
    pos = end + 1;
  }
  return false;
}

void notFound(http::Response& response) {
  response.setError(404, "not_found", "Not found");
  response.setHeader("Cache-Control", "no-store");
}

}  // namespace

void StoredFileHandler::operator()(const http::Request& request, http::Response& response) const {
  const auto key = request.param(kKeyParam);
  if (!key || !isValidStorageKey(*key)) return notFound(response);
  const auto media = mediaTypeForExtension(storageKeyExtension(*key));
  const auto info = media ? storage_.backend().stat(*key) : std::nullopt;
  if (!info) return notFound(response);

  const std::string etag = etagOf(*key);
  const std::string last_modified = http::formatHttpDate(info->modified);
  response.setHeader("ETag", etag);
  response.setHeader("Last-Modified", last_modified);
  response.setHeader(
      "Cache-Control",
      "public, max-age=" + std::to_string(storage_.config().cache_max_age.count()) + ", immutable");
  response.setHeader("X-Content-Type-Options", "nosniff");
  response.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
  response.setHeader("Accept-Ranges", "bytes");

  // Conditional GET (RFC 9110 §13.2.2): If-None-Match wins over If-Modified-Since.
  if (auto none_match = request.header("If-None-Match")) {
    if (noneMatchHits(*none_match, etag)) {
      response.status = 304;
      return;
    }
  } else if (auto since = request.header("If-Modified-Since")) {
    const auto since_time = http::parseHttpDate(*since);
    if (since_time && info->modified <= *since_time) {
      response.status = 304;
      return;
    }
  }

  http::ByteRange range;
  if (auto range_header = request.header("Range")) {
    // If-Range: serve the range only while the representation is the one the client has.
    const auto if_range = request.header("If-Range");
    if (!if_range || *if_range == etag || *if_range == last_modified) {
      range = http::parseByteRange(*range_header, info->size);
    }
  }
  const std::string size_text = std::to_string(info->size);
  if (range.kind == http::ByteRange::Kind::kUnsatisfiable) {
    response.setError(416, "range_not_satisfiable", "Requested range not satisfiable");
    response.setHeader("Content-Range", "bytes */" + size_text);
    return;
  }
  uint64_t first = 0;
  uint64_t length = info->size;
  if (range.kind == http::ByteRange::Kind::kPartial) {
    first = range.first;
    length = range.length();
    response.status = 206;
    response.setHeader("Content-Range", "bytes " + std::to_string(range.first) + "-" +
                                            std::to_string(range.last) + "/" + size_text);
  } else {
    response.status = 200;
  }
  if (length > max_response_bytes_) {
    response.headers.clear();
    response.setError(500, "internal_error", "Internal server error",
                      "stored file " + std::string(*key) + " (" + size_text +
                          " bytes) is larger than server.max_response_size (" +
                          std::to_string(max_response_bytes_) +
                          "); clients can fetch it with Range requests");
    return;
  }
  response.content_type = std::string(media->type);
  if (request.method == "HEAD") return;  // headers only: nothing read from disk
  try {
    response.body = storage_.backend().read(*key, first, length);
  } catch (const StorageError& e) {
    if (e.status() != 404) throw;
    response.body.clear();  // deleted meanwhile: answered below
  }
  if (response.body.size() != length) {  // the file shrank or vanished meanwhile
    response.headers.clear();
    response.content_type.clear();
    notFound(response);
  }
}

}  // namespace atrium::host::storage

// The request a handler receives: a thin, non-owning view over the host's request.
// Compiles as C++17.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "atrium/abi.h"
#include "atrium/detail/str.hpp"
#include "atrium/http_error.hpp"

namespace atrium::sdk {

// One part of a multipart/form-data body (Request::multipart, ABI 1.5). Views into host memory,
// valid during the handler call. `declared_type` is the client's claim: the storage service
// decides the real type from the bytes (Storage::save).
struct MultipartPart {
  size_t index = 0;  // position in the body: what Storage::save hands back to the host
  std::string_view name;
  std::optional<std::string_view> filename;  // set for file parts, without directories
  std::string_view declared_type;
  std::string_view data;

  bool isFile() const { return filename.has_value(); }
};

// The parts of a multipart/form-data request, in order (names may repeat).
class Multipart {
 public:
  explicit Multipart(std::vector<MultipartPart> parts) : parts_(std::move(parts)) {}

  const std::vector<MultipartPart>& parts() const noexcept { return parts_; }
  // The first part named `name` (a field or a file), or nullptr.
  const MultipartPart* find(std::string_view name) const {
    for (const MultipartPart& part : parts_) {
      if (part.name == name) return &part;
    }
    return nullptr;
  }
  // The value of the first plain field named `name`.
  std::optional<std::string_view> field(std::string_view name) const {
    const MultipartPart* part = find(name);
    if (part == nullptr || part->isFile()) return std::nullopt;
    return part->data;
  }
  // The first file part named `name`, or nullptr.
  const MultipartPart* file(std::string_view name) const {
    const MultipartPart* part = find(name);
    return part != nullptr && part->isFile() ? part : nullptr;
  }

 private:
  std::vector<MultipartPart> parts_;
};

// Every string_view it returns points into host memory and is valid only during the handler
// call: copy what you keep.
class Request {
 public:
  using NameValue = std::pair<std::string_view, std::string_view>;

  Request(const atrium_host_api* host, const atrium_request* request) noexcept
      : host_(host), request_(request) {}

  std::string_view method() const { return detail::view(host_->request_method(request_)); }
  // The path as received, without the query string (still percent-encoded).
  std::string_view path() const { return detail::view(host_->request_path(request_)); }
  // The route pattern that matched, e.g. "/items/:id".
  std::string_view route() const { return detail::view(host_->request_route(request_)); }
  std::string_view body() const { return detail::view(host_->request_body(request_)); }
  std::string_view clientIp() const { return detail::view(host_->request_client_ip(request_)); }
  std::string_view requestId() const { return detail::view(host_->request_id(request_)); }

  // A path parameter (":id" in the route), percent-decoded.
  std::optional<std::string_view> param(std::string_view name) const {
    return lookup(host_->request_param, name);
  }
  // A query parameter; the first value when the key repeats.
  std::optional<std::string_view> query(std::string_view name) const {
    return lookup(host_->request_query, name);
  }
  // A request header; the name is case-insensitive.
  std::optional<std::string_view> header(std::string_view name) const {
    return lookup(host_->request_header, name);
  }

  // All query parameters in order (keys may repeat).
  std::vector<NameValue> queries() const {
    return list(host_->request_query_count, host_->request_query_at);
  }
  // All request headers in order, names as received.
  std::vector<NameValue> headers() const {
    return list(host_->request_header_count, host_->request_header_at);
  }

  // The body parsed as JSON. Throws HttpError 400 "invalid_json" when it is empty or malformed.
  nlohmann::json json() const {
    std::string_view text = body();
    if (text.empty()) {
      throw HttpError(400, "invalid_json", "Request body is empty; expected a JSON document");
    }
    try {
      return nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::parse_error& e) {
      // e.what() is "[json.exception.parse_error.101] parse error at line 1, column 2: ..."
      const std::string what = e.what();
      const std::string::size_type pos = what.find("] ");
      throw HttpError(400, "invalid_json",
                      "Request body is not valid JSON: " +
                          (pos == std::string::npos ? what : what.substr(pos + 2)));
    }
  }

  // The body parsed as multipart/form-data by the host (ABI 1.5; limits in storage.multipart).
  // Throws HttpError 400 (malformed), 413 (a limit) or 415 (not multipart/form-data) with a
  // client-safe message, 503 when the host has no storage service.
  Multipart multipart() const {
    if (!ATRIUM_ABI_HAS_FIELD(host_, atrium_host_api, request_multipart_part)) {
      throw HttpError(503, "unavailable", "File uploads are not available",
                      "this host does not parse multipart bodies (it needs ABI 1.5)");
    }
    size_t count = 0;
    int32_t status = 0;
    atrium_str message{nullptr, 0};
    const atrium_status result = host_->request_multipart(request_, &count, &status, &message);
    if (result == ATRIUM_ERR_INVALID_ARGUMENT && status != 0) {
      throw HttpError(status,
                      status == 413   ? "payload_too_large"
                      : status == 415 ? "unsupported_media_type"
                                      : "invalid_multipart",
                      std::string(detail::view(message)));
    }
    if (result != ATRIUM_OK) {
      throw HttpError(503, "unavailable", "File uploads are not available",
                      "request_multipart failed with status " + std::to_string(result));
    }
    std::vector<MultipartPart> parts;
    parts.reserve(count);
    for (size_t i = 0; i < count; ++i) {
      atrium_multipart_part raw{};
      raw.struct_size = sizeof raw;
      if (host_->request_multipart_part(request_, i, &raw) == 0) continue;
      MultipartPart part;
      part.index = i;
      part.name = detail::view(raw.name);
      if (raw.is_file != 0) part.filename = detail::view(raw.filename);
      part.declared_type = detail::view(raw.content_type);
      part.data = detail::view(raw.data);
      parts.push_back(part);
    }
    return Multipart(std::move(parts));
  }

  // The authenticated principal (set by the host's auth middleware), or null when anonymous.
  nlohmann::json principal() const {
    std::string_view text = detail::view(host_->request_principal_json(request_));
    if (text.empty()) return nullptr;
    nlohmann::json value = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    return value.is_discarded() ? nlohmann::json(nullptr) : value;
  }

  const atrium_request* raw() const noexcept { return request_; }
  const atrium_host_api* host() const noexcept { return host_; }

 private:
  using LookupFn = int32_t (*)(const atrium_request*, atrium_str, atrium_str*);
  using CountFn = size_t (*)(const atrium_request*);
  using AtFn = int32_t (*)(const atrium_request*, size_t, atrium_str*, atrium_str*);

  std::optional<std::string_view> lookup(LookupFn fn, std::string_view name) const {
    atrium_str out{nullptr, 0};
    if (fn(request_, detail::str(name), &out) == 0) return std::nullopt;
    return detail::view(out);
  }

  std::vector<NameValue> list(CountFn count_fn, AtFn at_fn) const {
    std::vector<NameValue> out;
    const size_t count = count_fn(request_);
    out.reserve(count);
    for (size_t i = 0; i < count; ++i) {
      atrium_str name{nullptr, 0};
      atrium_str value{nullptr, 0};
      if (at_fn(request_, i, &name, &value) != 0) {
        out.emplace_back(detail::view(name), detail::view(value));
      }
    }
    return out;
  }

  const atrium_host_api* host_;
  const atrium_request* request_;
};

}  // namespace atrium::sdk

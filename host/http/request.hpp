#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace atrium::host::config {
struct RouteConfig;
}

namespace atrium::host::http {

using NameValue = std::pair<std::string, std::string>;

// One HTTP request as the host sees it after parsing, independent of Pistache. Owned by the
// exchange; plugins see it through the C ABI (host/plugin/host_api.cpp).
struct Request {
  std::string method;              // upper case: "GET"
  std::string path;                // path without the query string, still percent-encoded
  std::string raw_target;          // the request target as received
  std::vector<NameValue> query;    // decoded, in order; keys may repeat
  std::vector<NameValue> headers;  // as received (names keep their case)
  std::string body;
  std::string client_ip;
  uint16_t client_port = 0;  // host byte order
  std::string http_version;  // "HTTP/1.1"
  std::string request_id;

  // Filled by the router.
  const config::RouteConfig* route = nullptr;
  std::string route_pattern;      // "/items/:id"
  std::vector<NameValue> params;  // path parameters
  std::string principal_json;     // empty when anonymous (set by auth middleware)
  std::string rate_limited_by;    // the limiter that refused the request (rate-limit middleware)

  // Case-insensitive header lookup; first occurrence.
  std::optional<std::string_view> header(std::string_view name) const;
  std::optional<std::string_view> queryValue(std::string_view name) const;
  std::optional<std::string_view> param(std::string_view name) const;
};

bool equalsIgnoreCase(std::string_view a, std::string_view b);
// `text` with ASCII A-Z lower-cased (header names, media types).
std::string lowerAscii(std::string_view text);

}  // namespace atrium::host::http

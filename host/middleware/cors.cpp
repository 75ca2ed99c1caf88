#include "host/middleware/cors.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <stdexcept>

namespace atrium::host::middleware {

namespace {

using http::equalsIgnoreCase;

struct OriginParts {
  std::string_view scheme;
  std::string_view host;
  uint16_t port = 0;  // 0: default for the scheme
};

bool isAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

std::optional<uint16_t> defaultPort(std::string_view scheme) {
  if (equalsIgnoreCase(scheme, "http")) return 80;
  if (equalsIgnoreCase(scheme, "https")) return 443;
  return std::nullopt;
}

// "scheme://host[:port]" with no path, query, fragment or user info.
std::optional<OriginParts> parseOrigin(std::string_view text) {
  const size_t sep = text.find("://");
  if (sep == std::string_view::npos || sep == 0) return std::nullopt;
  OriginParts parts;
  parts.scheme = text.substr(0, sep);
  if (!isAlpha(parts.scheme.front())) return std::nullopt;
  for (char c : parts.scheme) {
    if (!isAlpha(c) && !isDigit(c) && c != '+' && c != '-' && c != '.') return std::nullopt;
  }
  std::string_view rest = text.substr(sep + 3);
  std::string_view port_text;
  if (!rest.empty() && rest.front() == '[') {
    const size_t close = rest.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    parts.host = rest.substr(0, close + 1);
    for (char c : parts.host.substr(1, close - 1)) {
      if (!isDigit(c) && !isAlpha(c) && c != ':' && c != '.') return std::nullopt;
    }
    rest.remove_prefix(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return std::nullopt;
      port_text = rest.substr(1);
      if (port_text.empty()) return std::nullopt;
    }
  } else {
    const size_t colon = rest.find(':');
    parts.host = rest.substr(0, colon);
    if (colon != std::string_view::npos) {
      port_text = rest.substr(colon + 1);
      if (port_text.empty()) return std::nullopt;
    }
    for (char c : parts.host) {
      if (!isDigit(c) && !isAlpha(c) && c != '-' && c != '.' && c != '_') return std::nullopt;
    }
  }
  if (parts.host.empty()) return std::nullopt;
  if (!port_text.empty()) {
    if (port_text.size() > 5 || !std::all_of(port_text.begin(), port_text.end(), isDigit)) {
      return std::nullopt;
    }
    unsigned port = 0;
    std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (port == 0 || port > 65535) return std::nullopt;
    parts.port = static_cast<uint16_t>(port);
    if (defaultPort(parts.scheme) == parts.port) parts.port = 0;
  }
  return parts;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out.append(", ");
    out.append(item);
  }
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool containsToken(std::string_view list, std::string_view token) {
  while (!list.empty()) {
    const size_t comma = list.find(',');
    if (equalsIgnoreCase(trim(list.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

CorsMiddleware::CorsMiddleware(const config::CorsPolicy& policy)
    : name_(policy.name), credentials_(policy.allow_credentials) {
  for (const auto& origin : policy.allowed_origins) {
    if (origin == "*") {
      any_origin_ = true;
      continue;
    }
    if (origin == "null") {
      origins_.push_back(AllowedOrigin{{}, {}, 0, true});
      continue;
    }
    const auto parts = parseOrigin(origin);
    if (!parts) {
      throw std::invalid_argument("CORS policy '" + name_ + "': allowed origin '" + origin +
                                  "' is not scheme://host[:port], \"*\" or \"null\"");
    }
    origins_.push_back(AllowedOrigin{http::lowerAscii(parts->scheme), http::lowerAscii(parts->host),
                                     parts->port, false});
  }
  if (any_origin_ && credentials_) {
    throw std::invalid_argument("CORS policy '" + name_ +
                                "': allowed origin \"*\" cannot be combined with "
                                "allow_credentials: true (list the origins instead)");
  }
  for (const auto& method : policy.allowed_methods) {
    if (method == "*") any_method_ = true;
    methods_.push_back(method);
  }
  for (const auto& header : policy.allowed_headers) {
    if (header == "*") any_header_ = true;
    headers_.push_back(header);
  }
  methods_value_ = join(policy.allowed_methods);
  headers_value_ = join(policy.allowed_headers);
  expose_value_ = join(policy.expose_headers);
  max_age_value_ = std::to_string(policy.max_age.count());
}

bool CorsMiddleware::isOriginAllowed(std::string_view origin) const {
  if (any_origin_) return true;
  if (origin == "null") {
    return std::any_of(origins_.begin(), origins_.end(),
                       [](const AllowedOrigin& o) { return o.literal_null; });
  }
  const auto parts = parseOrigin(origin);
  if (!parts) return false;
  return std::any_of(origins_.begin(), origins_.end(), [&](const AllowedOrigin& o) {
    return !o.literal_null && o.port == parts->port && equalsIgnoreCase(o.scheme, parts->scheme) &&
           equalsIgnoreCase(o.host, parts->host);
  });
}

bool CorsMiddleware::isPreflight(const http::Request& request) {
  return request.method == "OPTIONS" && request.header("Origin").has_value() &&
         request.header("Access-Control-Request-Method").has_value();
}

bool CorsMiddleware::methodAllowed(std::string_view method) const {
  if (any_method_) return true;
  const auto listed = [&](std::string_view m) {
    return std::find(methods_.begin(), methods_.end(), m) != methods_.end();
  };
  return listed(method) || (method == "HEAD" && listed("GET"));
}

bool CorsMiddleware::headersAllowed(std::string_view requested) const {
  if (any_header_) return true;
  while (!requested.empty()) {
    const size_t comma = requested.find(',');
    const std::string_view name = trim(requested.substr(0, comma));
    if (!name.empty() &&
        std::none_of(headers_.begin(), headers_.end(),
                     [&](const std::string& allowed) { return equalsIgnoreCase(allowed, name); })) {
      return false;
    }
    if (comma == std::string_view::npos) break;
    requested.remove_prefix(comma + 1);
  }
  return true;
}

void CorsMiddleware::addVaryOrigin(http::Response& response) const {
  for (auto& [name, value] : response.headers) {
    if (!equalsIgnoreCase(name, "Vary")) continue;
    if (trim(value) == "*" || containsToken(value, "Origin")) return;
    value.append(value.empty() ? "Origin" : ", Origin");
    return;
  }
  response.headers.emplace_back("Vary", "Origin");
}

bool CorsMiddleware::handlePreflight(const http::Request& request, http::Response& response) const {
  if (!isPreflight(request)) return false;
  const std::string_view origin = *request.header("Origin");
  const std::string_view method = trim(*request.header("Access-Control-Request-Method"));
  const std::string_view requested_headers =
      request.header("Access-Control-Request-Headers").value_or(std::string_view());

  if (!any_origin_) addVaryOrigin(response);
  if (!isOriginAllowed(origin)) {
    response.setError(403, "cors_forbidden", "CORS origin not allowed",
                      "origin '" + std::string(origin) + "' not in CORS policy '" + name_ + "'");
    return true;
  }
  if (!methodAllowed(method)) {
    response.setError(403, "cors_forbidden", "CORS method not allowed",
                      "method '" + std::string(method) + "' not in CORS policy '" + name_ + "'");
    return true;
  }
  if (!headersAllowed(requested_headers)) {
    response.setError(403, "cors_forbidden", "CORS header not allowed",
                      "requested headers '" + std::string(requested_headers) +
                          "' not all in CORS policy '" + name_ + "'");
    return true;
  }

  response.status = 204;
  response.body.clear();
  response.content_type.clear();
  response.has_error = false;
  response.setHeader("Access-Control-Allow-Origin", any_origin_ ? "*" : std::string(origin));
  if (credentials_) response.setHeader("Access-Control-Allow-Credentials", "true");
  if (!methods_value_.empty()) {
    response.setHeader("Access-Control-Allow-Methods",
                       any_method_ ? std::string(method) : methods_value_);
  }
  if (any_header_) {
    if (!requested_headers.empty()) {
      response.setHeader("Access-Control-Allow-Headers", std::string(trim(requested_headers)));
    }
  } else if (!headers_value_.empty()) {
    response.setHeader("Access-Control-Allow-Headers", headers_value_);
  }
  response.setHeader("Access-Control-Max-Age", max_age_value_);
  return true;
}

bool CorsMiddleware::onRequest(http::Request& request, http::Response& response) {
  return !handlePreflight(request, response);
}

void CorsMiddleware::onResponse(const http::Request& request, http::Response& response) {
  if (isPreflight(request)) return;  // answered (and decorated) by handlePreflight
  if (!any_origin_) addVaryOrigin(response);
  const auto origin = request.header("Origin");
  if (!origin || !isOriginAllowed(*origin)) return;
  response.setHeader("Access-Control-Allow-Origin", any_origin_ ? "*" : std::string(*origin));
  if (credentials_) response.setHeader("Access-Control-Allow-Credentials", "true");
  if (!expose_value_.empty()) response.setHeader("Access-Control-Expose-Headers", expose_value_);
}

bool handlePreflight(const config::CorsPolicy& policy, const http::Request& request,
                     http::Response& response) {
  return CorsMiddleware(policy).handlePreflight(request, response);
}

}  // namespace atrium::host::middleware

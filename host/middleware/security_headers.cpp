#include "host/middleware/security_headers.hpp"

#include <string>

namespace atrium::host::middleware {

SecurityHeadersMiddleware::SecurityHeadersMiddleware(const config::SecurityHeadersConfig& config) {
  if (!config.enabled) return;
  if (config.nosniff) headers_.emplace_back("X-Content-Type-Options", "nosniff");
  if (!config.frame_options.empty()) headers_.emplace_back("X-Frame-Options", config.frame_options);
  if (!config.content_security_policy.empty()) {
    headers_.emplace_back("Content-Security-Policy", config.content_security_policy);
  }
  if (!config.referrer_policy.empty()) {
    headers_.emplace_back("Referrer-Policy", config.referrer_policy);
  }
  if (config.hsts.enabled) {
    std::string value = "max-age=" + std::to_string(config.hsts.max_age_seconds);
    if (config.hsts.include_subdomains) value += "; includeSubDomains";
    headers_.emplace_back("Strict-Transport-Security", std::move(value));
  }
}

bool SecurityHeadersMiddleware::onRequest(http::Request& /*request*/,
                                          http::Response& /*response*/) {
  return true;
}

void SecurityHeadersMiddleware::onResponse(const http::Request& /*request*/,
                                           http::Response& response) {
  for (const auto& [name, value] : headers_) {
    if (!response.hasHeader(name)) response.headers.emplace_back(name, value);
  }
}

}  // namespace atrium::host::middleware

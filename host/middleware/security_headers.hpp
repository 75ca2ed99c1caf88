#pragma once

#include <vector>

#include "host/config/host_config.hpp"
#include "host/middleware/middleware.hpp"

namespace atrium::host::middleware {

// Adds the configured security headers to every response: X-Content-Type-Options: nosniff,
// X-Frame-Options, Content-Security-Policy, Referrer-Policy and, when hsts.enabled,
// Strict-Transport-Security ("max-age=N; includeSubDomains"). A header the response already
// carries (set by a handler on purpose) is left alone. An empty config value disables that
// header; enabled: false disables them all. Values are computed once, at construction.
class SecurityHeadersMiddleware final : public Middleware {
 public:
  explicit SecurityHeadersMiddleware(const config::SecurityHeadersConfig& config);

  bool onRequest(http::Request& request, http::Response& response) override;
  void onResponse(const http::Request& request, http::Response& response) override;

  const std::vector<http::NameValue>& headers() const { return headers_; }

 private:
  std::vector<http::NameValue> headers_;
};

}  // namespace atrium::host::middleware

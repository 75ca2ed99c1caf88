#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "host/config/host_config.hpp"
#include "host/middleware/middleware.hpp"

namespace atrium::host::middleware {

// CORS for one policy. Origins match exactly on scheme, host and port; scheme and host
// case-insensitively; a default port (:80 for http, :443 for https) equals no port. The literal
// "null" origin matches only when listed as "null".
//
// Actual requests (onResponse): an allowed Origin gets Access-Control-Allow-Origin (the origin
// as sent, or "*" when the policy lists "*"), Access-Control-Allow-Credentials: true when
// configured, and Access-Control-Expose-Headers. A disallowed or missing Origin gets no CORS
// headers and the request is not failed (the browser enforces). Unless the policy answers "*",
// every response carries Vary: Origin (merged into an existing Vary) so caches do not mix them.
//
// Preflights (OPTIONS with Origin and Access-Control-Request-Method): see handlePreflight.
// onRequest answers a preflight and stops the chain, so a chain that holds this step handles
// OPTIONS by itself; put it before authentication (preflights carry no credentials).
class CorsMiddleware final : public Middleware {
 public:
  // Throws std::invalid_argument naming the policy for an origin that is not
  // "scheme://host[:port]", "*" or "null", and for "*" combined with allow_credentials.
  explicit CorsMiddleware(const config::CorsPolicy& policy);

  bool onRequest(http::Request& request, http::Response& response) override;
  void onResponse(const http::Request& request, http::Response& response) override;

  bool isOriginAllowed(std::string_view origin) const;

  // Returns false (response untouched) when `request` is not a preflight. Otherwise fills
  // `response` and returns true:
  //  - origin not allowed            -> 403 cors_forbidden "CORS origin not allowed"
  //  - requested method not allowed  -> 403 cors_forbidden "CORS method not allowed"
  //  - a requested header not allowed (case-insensitive; "*" in allowed_headers allows any)
  //                                  -> 403 cors_forbidden "CORS header not allowed"
  //    (refused rather than silently trimmed: the browser would fail anyway, and the 403 tells
  //     the developer why)
  //  - otherwise 204 with Access-Control-Allow-Origin, -Allow-Methods, -Allow-Headers,
  //    -Allow-Credentials (when configured), -Max-Age and Vary.
  // A requested HEAD is allowed when GET is.
  bool handlePreflight(const http::Request& request, http::Response& response) const;

  static bool isPreflight(const http::Request& request);

 private:
  struct AllowedOrigin {
    std::string scheme;  // lower case
    std::string host;    // lower case
    uint16_t port = 0;   // 0: the scheme's default
    bool literal_null = false;
  };

  bool methodAllowed(std::string_view method) const;
  bool headersAllowed(std::string_view requested) const;
  void addVaryOrigin(http::Response& response) const;

  std::string name_;
  std::vector<AllowedOrigin> origins_;
  bool any_origin_ = false;
  bool credentials_ = false;
  std::vector<std::string> methods_;
  std::vector<std::string> headers_;
  bool any_header_ = false;
  bool any_method_ = false;
  std::string methods_value_;
  std::string headers_value_;
  std::string expose_value_;
  std::string max_age_value_;
};

// Convenience for one-off use: builds a CorsMiddleware for `policy` (parsing it each call;
// keep a CorsMiddleware for the hot path) and calls its handlePreflight.
bool handlePreflight(const config::CorsPolicy& policy, const http::Request& request,
                     http::Response& response);

}  // namespace atrium::host::middleware

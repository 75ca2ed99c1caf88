#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/config/host_config.hpp"
#include "host/middleware/middleware.hpp"
#include "host/services/auth/auth_service.hpp"

namespace atrium::host::middleware {

// The bearer token of an `Authorization: Bearer <token>` header (scheme case-insensitive, RFC
// 6750 §2.1). nullopt when there is no such header or it uses another scheme; an empty view
// when the scheme is Bearer but the credentials are missing or not token68 characters.
std::optional<std::string_view> bearerToken(const http::Request& request);

// Authentication and role checks for one route (`auth: optional | required`, `roles: [...]`).
// Runs after CORS and the body limit, before rate limits, validation and the handler.
//  - A valid access token: request.principal_json becomes the principal (TokenService::
//    principalOf): {"sub": "<id>", "role": "<role>" | null, ...every claim of the token}.
//  - No token: `required` answers 401 code "unauthenticated" (auth.errors.missing) with
//    `WWW-Authenticate: Bearer realm="<product>"`; `optional` serves the request anonymously.
//  - An invalid or expired token: 401 "invalid_token" / "token_expired" with
//    `WWW-Authenticate: Bearer realm=.., error="invalid_token", error_description=..`. On an
//    `optional` route too, unless auth.optional_invalid_token is `anonymous`.
//  - `roles` not containing the principal's role: 403 "forbidden" with
//    `WWW-Authenticate: Bearer realm=.., error="insufficient_scope"`.
// Errors use auth.errors.envelope when set, else the route's envelope. Every refusal is counted
// in atrium_auth_failures_total{reason}. The token is never logged or echoed.
class AuthMiddleware final : public Middleware {
 public:
  AuthMiddleware(const auth::AuthService& service, config::AuthMode mode,
                 std::vector<std::string> roles, const config::Envelope* errors_envelope,
                 std::string realm);

  bool onRequest(http::Request& request, http::Response& response) override;
  void onResponse(const http::Request& request, http::Response& response) override;

 private:
  bool refuse(const http::Request& request, http::Response& response, int status,
              std::string_view code, const std::string& message, std::string challenge) const;
  bool refuseToken(const http::Request& request, http::Response& response,
                   auth::TokenFailure failure) const;

  const auth::AuthService& service_;
  config::AuthMode mode_;
  std::vector<std::string> roles_;
  const config::Envelope* errors_envelope_;  // null: the route's envelope
  std::string realm_;
};

}  // namespace atrium::host::middleware

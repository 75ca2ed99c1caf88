#include "host/middleware/auth.hpp"

#include <algorithm>

#include "host/http/envelope.hpp"

namespace atrium::host::middleware {
namespace {

using auth::AuthMetrics;
using auth::TokenFailure;

bool isToken68(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '=';
}

AuthMetrics::Failure metricOf(TokenFailure failure) {
  switch (failure) {
    case TokenFailure::kTooLarge: return AuthMetrics::Failure::kTooLarge;
    case TokenFailure::kAlgorithm: return AuthMetrics::Failure::kAlgorithm;
    case TokenFailure::kSignature: return AuthMetrics::Failure::kSignature;
    case TokenFailure::kExpired: return AuthMetrics::Failure::kExpired;
    case TokenFailure::kNotYetValid: return AuthMetrics::Failure::kNotYetValid;
    case TokenFailure::kIssuer: return AuthMetrics::Failure::kIssuer;
    case TokenFailure::kAudience: return AuthMetrics::Failure::kAudience;
    case TokenFailure::kClaims: return AuthMetrics::Failure::kClaims;
    case TokenFailure::kMalformed:
    case TokenFailure::kNone: break;
  }
  return AuthMetrics::Failure::kMalformed;
}

// A quoted-string for a challenge parameter (realm is a product name: [a-z0-9_-]).
std::string quotedParam(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::optional<std::string_view> bearerToken(const http::Request& request) {
  const auto header = request.header("Authorization");
  if (!header) return std::nullopt;
  std::string_view value = *header;
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  constexpr std::string_view kScheme = "bearer";
  if (value.size() < kScheme.size() || !http::equalsIgnoreCase(value.substr(0, 6), kScheme)) {
    return std::nullopt;
  }
  value.remove_prefix(kScheme.size());
  if (!value.empty() && value.front() != ' ') return std::nullopt;  // "Bearerish"
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  if (value.empty() || !std::all_of(value.begin(), value.end(), isToken68)) {
    return std::string_view();
  }
  return value;
}

AuthMiddleware::AuthMiddleware(const auth::AuthService& service, config::AuthMode mode,
                               std::vector<std::string> roles,
                               const config::Envelope* errors_envelope, std::string realm)
    : service_(service),
      mode_(mode),
      roles_(std::move(roles)),
      errors_envelope_(errors_envelope),
      realm_(std::move(realm)) {}

bool AuthMiddleware::onRequest(http::Request& request, http::Response& response) {
  request.principal_json.clear();
  const auto& errors = service_.config().errors;
  const bool required = mode_ == config::AuthMode::kRequired || !roles_.empty();
  const auto token = bearerToken(request);
  if (!token) {
    if (!required) return true;
    service_.metrics().countFailure(AuthMetrics::Failure::kMissing);
    return refuse(request, response, 401, "unauthenticated", errors.missing,
                  "Bearer realm=" + quotedParam(realm_));
  }
  const auth::TokenVerification verdict =
      token->empty() ? auth::TokenVerification{TokenFailure::kMalformed, nullptr}
                     : service_.tokens().verify(*token);
  if (!verdict.valid()) {
    if (!required &&
        service_.config().optional_invalid_token == config::OptionalInvalidToken::kAnonymous) {
      return true;
    }
    return refuseToken(request, response, verdict.failure);
  }
  nlohmann::json principal = service_.tokens().principalOf(verdict.claims);
  if (!roles_.empty()) {
    const auto& role = principal["role"];
    const bool allowed =
        role.is_string() &&
        std::find(roles_.begin(), roles_.end(), role.get_ref<const std::string&>()) != roles_.end();
    if (!allowed) {
      service_.metrics().countFailure(AuthMetrics::Failure::kForbidden);
      return refuse(request, response, 403, "forbidden", errors.forbidden,
                    "Bearer realm=" + quotedParam(realm_) + ", error=\"insufficient_scope\"");
    }
  }
  request.principal_json = principal.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return true;
}

bool AuthMiddleware::refuseToken(const http::Request& request, http::Response& response,
                                 TokenFailure failure) const {
  service_.metrics().countFailure(metricOf(failure));
  const auto& errors = service_.config().errors;
  const bool expired = failure == TokenFailure::kExpired;
  return refuse(
      request, response, 401, expired ? "token_expired" : "invalid_token",
      expired ? errors.expired : errors.invalid,
      "Bearer realm=" + quotedParam(realm_) + ", error=\"invalid_token\", " + "error_description=" +
          quotedParam(expired ? "The access token expired" : "The access token is invalid"));
}

bool AuthMiddleware::refuse(const http::Request& request, http::Response& response, int status,
                            std::string_view code, const std::string& message,
                            std::string challenge) const {
  response.setHeader("WWW-Authenticate", std::move(challenge));
  if (errors_envelope_ == nullptr) {
    response.setError(status, std::string(code), message);
    return false;
  }
  const http::ErrorInfo error{status, std::string(code), message, {}};
  response.setJson(status, http::renderError(*errors_envelope_, error, request.request_id));
  return false;
}

void AuthMiddleware::onResponse(const http::Request& /*request*/, http::Response& /*response*/) {}

}  // namespace atrium::host::middleware

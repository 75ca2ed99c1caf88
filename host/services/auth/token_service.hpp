#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "host/config/host_config.hpp"
#include "host/services/auth/signing_key.hpp"

namespace atrium::host::auth {

// Why a token was refused. The names are the `reason` label of atrium_auth_failures_total.
enum class TokenFailure {
  kNone,
  kTooLarge,     // over auth.max_token_size
  kMalformed,    // not three base64url segments of JSON objects
  kAlgorithm,    // header alg is not the configured one (none, HS512, RS256 for HS256...)
  kSignature,    // signature does not verify (tampered, or another key)
  kExpired,      // exp + leeway is past
  kNotYetValid,  // nbf or iat is in the future beyond leeway
  kIssuer,       // iss differs from auth.issuer
  kAudience,     // aud does not name auth.audience
  kClaims,       // exp missing, subject missing or not a string/integer
};
std::string_view failureName(TokenFailure failure);

struct TokenVerification {
  TokenFailure failure = TokenFailure::kNone;
  nlohmann::json claims;  // the payload, when valid
  bool valid() const { return failure == TokenFailure::kNone; }
};

struct IssuedToken {
  std::string token;
  int64_t issued_at = 0;   // seconds since the epoch
  int64_t expires_at = 0;  // seconds since the epoch
  std::string jti;
};

// Claims a plugin asked for that the host will not sign (unknown or reserved name, no subject).
class ClaimsError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Issues and verifies JWS compact access tokens (RFC 7519) with the one algorithm the
// configuration fixes. Thread-safe; immutable after construction.
class TokenService {
 public:
  using Clock = std::function<int64_t()>;  // seconds since the epoch

  TokenService(const config::AuthConfig& config, std::unique_ptr<SigningKey> key, Clock clock = {});

  bool canIssue() const { return key_->canSign(); }

  // `claims`: {"sub": "<id>" (required, string or integer), "role": "<role>" (optional), plus
  // any of auth.claims.extra}. Writes sub and role under the configured claim names, adds iat,
  // exp (now + access_ttl), jti (128 random bits), iss and aud when configured.
  // Throws ClaimsError for anything else; std::runtime_error when it cannot sign.
  IssuedToken issue(const nlohmann::json& claims) const;

  // Checks size, shape, algorithm, signature (before the payload is parsed), exp/nbf/iat with
  // leeway, iss, aud and the subject claim. Never throws for bad input.
  TokenVerification verify(std::string_view token) const;

  // The principal a handler sees for valid `claims`: every claim of the token, plus "sub" (the
  // subject claim as a string) and "role" (the role claim, or auth.claims.default_role, or
  // null).
  nlohmann::json principalOf(const nlohmann::json& claims) const;

 private:
  int64_t now() const;

  config::AuthConfig config_;
  std::unique_ptr<SigningKey> key_;
  Clock clock_;
  std::string encoded_header_;  // base64url({"alg":..,"typ":"JWT"})
};

}  // namespace atrium::host::auth

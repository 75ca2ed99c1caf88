#include "host/services/auth/token_service.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "host/services/auth/base64url.hpp"
#include "host/services/auth/crypto_random.hpp"

namespace atrium::host::auth {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kReservedClaims[] = {"iat", "exp", "nbf", "jti", "iss", "aud"};

bool reserved(std::string_view name) {
  return std::find(std::begin(kReservedClaims), std::end(kReservedClaims), name) !=
         std::end(kReservedClaims);
}

// A JSON object from base64url text, or discarded.
Json decodeObject(std::string_view segment) {
  const auto bytes = base64UrlDecode(segment);
  if (!bytes) return Json(Json::value_t::discarded);
  Json value = Json::parse(*bytes, nullptr, false);
  if (value.is_discarded() || !value.is_object()) return Json(Json::value_t::discarded);
  return value;
}

// A NumericDate (RFC 7519 §2) as whole seconds; nullopt when it is not a finite number.
std::optional<int64_t> numericDate(const Json& value) {
  if (value.is_number_integer()) return value.get<int64_t>();
  if (value.is_number_float()) {
    const double d = value.get<double>();
    if (!std::isfinite(d) || d > 9e15 || d < -9e15) return std::nullopt;
    return static_cast<int64_t>(std::floor(d));
  }
  return std::nullopt;
}

// The subject as text: a non-empty string, or an integer written in decimal.
std::optional<std::string> subjectText(const Json& value) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (text.empty() || text.size() > 256) return std::nullopt;
    return text;
  }
  if (value.is_number_integer()) return value.dump();
  return std::nullopt;
}

bool audienceMatches(const Json& aud, const std::string& expected) {
  if (aud.is_string()) return aud.get_ref<const std::string&>() == expected;
  if (aud.is_array()) {
    return std::any_of(aud.begin(), aud.end(), [&](const Json& item) {
      return item.is_string() && item.get_ref<const std::string&>() == expected;
    });
  }
  return false;
}

TokenVerification failed(TokenFailure failure) { return TokenVerification{failure, nullptr}; }

}  // namespace

std::string_view failureName(TokenFailure failure) {
  switch (failure) {
    case TokenFailure::kNone: return "none";
    case TokenFailure::kTooLarge: return "too_large";
    case TokenFailure::kMalformed: return "malformed";
    case TokenFailure::kAlgorithm: return "algorithm";
    case TokenFailure::kSignature: return "signature";
    case TokenFailure::kExpired: return "expired";
    case TokenFailure::kNotYetValid: return "not_yet_valid";
    case TokenFailure::kIssuer: return "issuer";
    case TokenFailure::kAudience: return "audience";
    case TokenFailure::kClaims: return "claims";
  }
  return "unknown";
}

TokenService::TokenService(const config::AuthConfig& config, std::unique_ptr<SigningKey> key,
                           Clock clock)
    : config_(config), key_(std::move(key)), clock_(std::move(clock)) {
  if (!key_) throw std::invalid_argument("TokenService: no signing key");
  // The key lives in key_ only.
  config_.secret.clear();
  config_.private_key.clear();
  config_.public_key.clear();
  encoded_header_ =
      base64UrlEncode(Json{{"alg", std::string(key_->algorithm())}, {"typ", "JWT"}}.dump());
}

int64_t TokenService::now() const {
  if (clock_) return clock_();
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

IssuedToken TokenService::issue(const Json& claims) const {
  if (!claims.is_object()) throw ClaimsError("claims must be a JSON object");
  const auto& names = config_.claims;
  Json payload = Json::object();
  for (const auto& [name, value] : claims.items()) {
    if (name == "sub") {
      const auto subject = subjectText(value);
      if (!subject) throw ClaimsError("claim 'sub' must be a non-empty string (at most 256 bytes)");
      payload[names.subject] = *subject;
    } else if (name == "role") {
      if (!value.is_string()) throw ClaimsError("claim 'role' must be a string");
      payload[names.role] = value;
    } else if (reserved(name)) {
      throw ClaimsError("claim '" + name + "' is set by the host");
    } else if (std::find(names.extra.begin(), names.extra.end(), name) != names.extra.end()) {
      payload[name] = value;
    } else {
      throw ClaimsError("claim '" + name +
                        "' is not allowed: list it in auth.claims.extra to put it in tokens");
    }
  }
  if (!payload.contains(names.subject)) throw ClaimsError("claim 'sub' is required");
  IssuedToken issued;
  issued.issued_at = now();
  issued.expires_at = issued.issued_at + config_.access_ttl.count();
  issued.jti = randomToken(16);
  payload["iat"] = issued.issued_at;
  payload["exp"] = issued.expires_at;
  payload["jti"] = issued.jti;
  if (!config_.issuer.empty()) payload["iss"] = config_.issuer;
  if (!config_.audience.empty()) payload["aud"] = config_.audience;
  std::string signing_input = encoded_header_ + "." + base64UrlEncode(payload.dump());
  const std::string signature = key_->sign(signing_input);
  issued.token = std::move(signing_input) + "." + base64UrlEncode(signature);
  if (issued.token.size() > config_.max_token_bytes) {
    throw ClaimsError("the token would be " + std::to_string(issued.token.size()) +
                      " bytes, over auth.max_token_size");
  }
  return issued;
}

TokenVerification TokenService::verify(std::string_view token) const {
  if (token.size() > config_.max_token_bytes) return failed(TokenFailure::kTooLarge);
  const size_t first = token.find('.');
  if (first == std::string_view::npos) return failed(TokenFailure::kMalformed);
  const size_t second = token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return failed(TokenFailure::kMalformed);
  }
  const std::string_view header_text = token.substr(0, first);
  const std::string_view payload_text = token.substr(first + 1, second - first - 1);
  const std::string_view signature_text = token.substr(second + 1);
  if (header_text.empty() || payload_text.empty()) return failed(TokenFailure::kMalformed);

  const Json header = decodeObject(header_text);
  if (header.is_discarded()) return failed(TokenFailure::kMalformed);
  const auto alg = header.find("alg");
  if (alg == header.end() || !alg->is_string() ||
      alg->get_ref<const std::string&>() != key_->algorithm()) {
    return failed(TokenFailure::kAlgorithm);
  }
  // Extensions this host does not understand must not be ignored (RFC 7515 §4.1.11).
  if (header.contains("crit")) return failed(TokenFailure::kMalformed);
  if (const auto typ = header.find("typ"); typ != header.end()) {
    if (!typ->is_string() || (*typ != "JWT" && *typ != "jwt" && *typ != "at+jwt")) {
      return failed(TokenFailure::kMalformed);
    }
  }
  const auto signature = base64UrlDecode(signature_text);
  if (!signature || signature->empty()) return failed(TokenFailure::kMalformed);
  if (!key_->verify(token.substr(0, second), *signature)) return failed(TokenFailure::kSignature);

  Json claims = decodeObject(payload_text);
  if (claims.is_discarded()) return failed(TokenFailure::kMalformed);
  const int64_t current = now();
  const int64_t leeway = config_.leeway.count();
  const auto exp_it = claims.find("exp");
  const auto exp = exp_it == claims.end() ? std::nullopt : numericDate(*exp_it);
  if (!exp) return failed(TokenFailure::kClaims);  // a token that never expires is refused
  if (current > *exp + leeway) return failed(TokenFailure::kExpired);
  for (const char* name : {"nbf", "iat"}) {
    const auto it = claims.find(name);
    if (it == claims.end()) continue;
    const auto when = numericDate(*it);
    if (!when) return failed(TokenFailure::kClaims);
    if (*when > current + leeway) return failed(TokenFailure::kNotYetValid);
  }
  if (!config_.issuer.empty()) {
    const auto iss = claims.find("iss");
    if (iss == claims.end() || !iss->is_string() || *iss != config_.issuer) {
      return failed(TokenFailure::kIssuer);
    }
  }
  if (!config_.audience.empty()) {
    const auto aud = claims.find("aud");
    if (aud == claims.end() || !audienceMatches(*aud, config_.audience)) {
      return failed(TokenFailure::kAudience);
    }
  }
  const auto subject = claims.find(config_.claims.subject);
  if (subject == claims.end() || !subjectText(*subject)) return failed(TokenFailure::kClaims);
  return TokenVerification{TokenFailure::kNone, std::move(claims)};
}

Json TokenService::principalOf(const Json& claims) const {
  Json principal = claims;
  const auto subject = claims.find(config_.claims.subject);
  principal["sub"] = subject == claims.end() ? Json() : Json(subjectText(*subject).value_or(""));
  const auto role = claims.find(config_.claims.role);
  if (role != claims.end() && role->is_string()) {
    principal["role"] = *role;
  } else if (!config_.claims.default_role.empty()) {
    principal["role"] = config_.claims.default_role;
  } else {
    principal["role"] = nullptr;
  }
  return principal;
}

}  // namespace atrium::host::auth

// buildAuth: the `auth:` section. Secrets are kept as given; whether they are good enough is
// checked here where the file position is known (production: a secret from the environment, at
// least 32 bytes) and by the auth service when it loads keys (host/services/auth/).
#include <algorithm>
#include <array>

#include "host/config/host_config_builder.hpp"
#include "host/config/yaml_scalar.hpp"

namespace atrium::host::config {
namespace {

using Json = nlohmann::json;

// Claims the host writes itself; a product claim may not take their names.
constexpr std::array<std::string_view, 7> kRegisteredClaims = {"iat", "exp", "nbf", "jti",
                                                               "iss", "aud", "sub"};

std::string optionalText(const Json& v, const char* key) {
  return v.contains(key) ? v.at(key).get<std::string>() : std::string();
}

std::chrono::seconds seconds(const Json& value) {
  return std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::milliseconds(value.get<int64_t>()));
}

ClaimNamesConfig buildClaims(ConfigBuildContext& ctx, const Json& v, const YAML::Node& yaml) {
  ClaimNamesConfig claims;
  claims.subject = v.at("subject").get<std::string>();
  claims.role = v.at("role").get<std::string>();
  claims.default_role = v.at("default_role").get<std::string>();
  for (const auto& name : v.at("extra")) claims.extra.push_back(name.get<std::string>());
  const auto reserved = [](std::string_view name) {
    return std::find(kRegisteredClaims.begin(), kRegisteredClaims.end(), name) !=
           kRegisteredClaims.end();
  };
  if (claims.subject != "sub" && reserved(claims.subject)) {
    ctx.error(ConfigBuildContext::child(yaml, "subject"), yaml, "auth.claims.subject",
              "'" + claims.subject + "' is a registered claim the host sets itself");
  }
  if (reserved(claims.role) || claims.role == claims.subject) {
    ctx.error(ConfigBuildContext::child(yaml, "role"), yaml, "auth.claims.role",
              "'" + claims.role + "' is the subject claim or a registered claim");
  }
  const YAML::Node extra = ConfigBuildContext::child(yaml, "extra");
  for (size_t i = 0; i < claims.extra.size(); ++i) {
    const std::string& name = claims.extra[i];
    if (reserved(name) || name == claims.subject || name == claims.role) {
      ctx.error(ConfigBuildContext::item(extra, i), yaml,
                "auth.claims.extra[" + std::to_string(i) + "]",
                "'" + name + "' is set by the host (subject, role or a registered claim)");
    }
  }
  return claims;
}

PasswordHashingConfig buildPasswords(const Json& v) {
  PasswordHashingConfig passwords;
  passwords.memory_kib = static_cast<uint32_t>(v.at("memory").get<uint64_t>() / 1024);
  passwords.iterations = v.at("iterations").get<uint32_t>();
  passwords.parallelism = v.at("parallelism").get<uint32_t>();
  passwords.max_password_bytes = v.at("max_length").get<size_t>();
  return passwords;
}

AuthErrorsConfig buildErrors(ConfigBuildContext& ctx, const HostConfig& config, const Json& v,
                             const YAML::Node& yaml) {
  AuthErrorsConfig errors;
  errors.envelope = v.at("envelope").get<std::string>();
  errors.missing = v.at("missing").get<std::string>();
  errors.invalid = v.at("invalid").get<std::string>();
  errors.expired = v.at("expired").get<std::string>();
  errors.forbidden = v.at("forbidden").get<std::string>();
  if (!errors.envelope.empty() && !config.envelopes.contains(errors.envelope)) {
    ctx.error(ConfigBuildContext::child(yaml, "envelope"), yaml, "auth.errors.envelope",
              "unknown envelope '" + errors.envelope + "' (define it under envelopes:)");
  }
  return errors;
}

// The HS256 secret: production wants one from the environment, at least 32 bytes.
void checkSecret(ConfigBuildContext& ctx, const HostConfig& config, const AuthConfig& auth,
                 const YAML::Node& yaml) {
  if (auth.algorithm != TokenAlgorithm::kHS256 || config.environment != "production") return;
  const YAML::Node at = ConfigBuildContext::child(yaml, "secret");
  if (auth.secret.empty()) {
    ctx.error(at, yaml, "auth.secret",
              "environment is production and no HS256 secret is configured: set auth.secret: "
              "${JWT_SECRET} and export JWT_SECRET (at least 32 random bytes, e.g. `openssl "
              "rand -base64 48`)");
    return;
  }
  if (!auth.secret_from_environment) {
    ctx.error(at, yaml, "auth.secret",
              "environment is production and the secret is written in the file: take it from "
              "the environment (auth.secret: ${JWT_SECRET})");
  }
  if (auth.secret.size() < 32) {
    ctx.error(at, yaml, "auth.secret",
              "environment is production and the HS256 secret is " +
                  std::to_string(auth.secret.size()) +
                  " bytes long; it needs at least 32 (e.g. `openssl rand -base64 48`)");
  }
}

}  // namespace

AuthConfig buildAuth(ConfigBuildContext& ctx, const HostConfig& config) {
  const Json& v = ctx.values().at("auth");
  const YAML::Node yaml = ConfigBuildContext::child(ctx.root(), "auth");
  AuthConfig auth;
  auth.algorithm = v.at("algorithm").get<std::string>() == "RS256" ? TokenAlgorithm::kRS256
                                                                   : TokenAlgorithm::kHS256;
  auth.secret = optionalText(v, "secret");
  const YAML::Node secret = ConfigBuildContext::child(yaml, "secret");
  auth.secret_origin = ctx.markOf(secret, yaml).str() + ": auth.secret";
  auth.secret_from_environment = secret.IsScalar() && scalarStyle(secret) == ScalarStyle::kExpanded;
  auth.secret_file = v.contains("secret_file") ? v.at("secret_file").get<std::string>()
                                               : "var/" + config.product + ".jwt_secret";
  auth.private_key = optionalText(v, "private_key");
  auth.public_key = optionalText(v, "public_key");
  if (v.contains("private_key_file")) {
    auth.private_key_file = ctx.resolvePath(v.at("private_key_file").get<std::string>());
  }
  if (v.contains("public_key_file")) {
    auth.public_key_file = ctx.resolvePath(v.at("public_key_file").get<std::string>());
  }
  auth.access_ttl = seconds(v.at("access_ttl"));
  auth.leeway = seconds(v.at("leeway"));
  auth.issuer = v.at("issuer").get<std::string>();
  auth.audience = v.at("audience").get<std::string>();
  auth.max_token_bytes = v.at("max_token_size").get<size_t>();
  auth.optional_invalid_token = v.at("optional_invalid_token").get<std::string>() == "anonymous"
                                    ? OptionalInvalidToken::kAnonymous
                                    : OptionalInvalidToken::kReject;
  auth.claims = buildClaims(ctx, v.at("claims"), ConfigBuildContext::child(yaml, "claims"));
  auth.passwords = buildPasswords(v.at("passwords"));
  auth.errors = buildErrors(ctx, config, v.at("errors"), ConfigBuildContext::child(yaml, "errors"));

  const auto both = [&](const char* text_key, const char* file_key) {
    if (v.contains(text_key) && v.contains(file_key)) {
      ctx.error(ConfigBuildContext::child(yaml, file_key), yaml, std::string("auth.") + file_key,
                std::string("set either auth.") + text_key + " or auth." + file_key + ", not both");
    }
  };
  both("private_key", "private_key_file");
  both("public_key", "public_key_file");
  if (auth.algorithm == TokenAlgorithm::kRS256 && auth.private_key.empty() &&
      auth.private_key_file.empty() && auth.public_key.empty() && auth.public_key_file.empty()) {
    ctx.error(ConfigBuildContext::child(yaml, "algorithm"), yaml, "auth.algorithm",
              "RS256 needs a key: set auth.private_key_file (to issue and verify) or "
              "auth.public_key_file (to verify only)");
  }
  checkSecret(ctx, config, auth, yaml);
  return auth;
}

}  // namespace atrium::host::config

#include "host/services/auth/auth_service.hpp"

namespace atrium::host::auth {
namespace {

config::AuthConfig withoutKeys(config::AuthConfig config) {
  config.secret.clear();
  config.private_key.clear();
  config.public_key.clear();
  return config;
}

}  // namespace

AuthService::AuthService(const config::AuthConfig& config, std::unique_ptr<SigningKey> key,
                         TokenService::Clock clock)
    : config_(withoutKeys(config)),
      passwords_(config.passwords),
      tokens_(config_, std::move(key), std::move(clock)) {}

std::unique_ptr<AuthService> AuthService::create(const config::HostConfig& config,
                                                 const common::Logger& logger,
                                                 const KeyLoadOptions& options) {
  auto key = loadSigningKey(config.auth, config.environment, logger, options);
  return std::make_unique<AuthService>(config.auth, std::move(key));
}

}  // namespace atrium::host::auth

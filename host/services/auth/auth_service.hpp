#pragma once

#include <memory>
#include <string>

#include "host/common/logger.hpp"
#include "host/config/host_config.hpp"
#include "host/services/auth/auth_metrics.hpp"
#include "host/services/auth/key_loader.hpp"
#include "host/services/auth/password_hasher.hpp"
#include "host/services/auth/token_service.hpp"

namespace atrium::host::auth {

// The authentication service of one host: password hashing, access tokens and their metrics.
// Built once at start-up from `auth:` (keys loaded, development secret created), then shared
// read-only by the middleware and the plugins' host table. Thread-safe.
class AuthService {
 public:
  AuthService(const config::AuthConfig& config, std::unique_ptr<SigningKey> key,
              TokenService::Clock clock = {});

  // Loads the key (loadSigningKey) and builds the service. Throws KeyError.
  static std::unique_ptr<AuthService> create(const config::HostConfig& config,
                                             const common::Logger& logger,
                                             const KeyLoadOptions& options = {});

  const PasswordHasher& passwords() const { return passwords_; }
  const TokenService& tokens() const { return tokens_; }
  AuthMetrics& metrics() const { return metrics_; }
  const config::AuthConfig& config() const { return config_; }

 private:
  config::AuthConfig config_;  // without key material
  PasswordHasher passwords_;
  TokenService tokens_;
  mutable AuthMetrics metrics_;
};

}  // namespace atrium::host::auth

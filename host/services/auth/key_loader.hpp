#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "host/common/logger.hpp"
#include "host/config/host_config.hpp"
#include "host/services/auth/signing_key.hpp"

namespace atrium::host::auth {

// A key that cannot be loaded: the message says which setting, which file and what to do; it
// never contains key material.
class KeyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct KeyLoadOptions {
  // Development without auth.secret: create secret_file when it does not exist. False for
  // check-config, which only reports what serve would do.
  bool create_secret_file = true;
};

// The signing key the configuration names:
//  - HS256 with auth.secret: that secret (production: at least 32 bytes, checked again here).
//  - HS256 without it: production refuses (KeyError); development reads auth.secret_file, or
//    creates it once (48 random bytes, base64url, mode 0600, parent directories 0700) and warns
//    in the log. The file must be a regular file not readable by group or others.
//  - RS256: PEM text or files (private key to issue, public key to verify).
std::unique_ptr<SigningKey> loadSigningKey(const config::AuthConfig& auth,
                                           const std::string& environment,
                                           const common::Logger& logger,
                                           const KeyLoadOptions& options = {});

// Reads or creates the development secret file (see loadSigningKey). Throws KeyError.
std::string developmentSecret(const std::string& path, bool create, const common::Logger& logger);

}  // namespace atrium::host::auth

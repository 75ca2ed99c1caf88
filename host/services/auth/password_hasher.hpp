#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "host/config/host_config.hpp"

namespace atrium::host::auth {

// A password that cannot be hashed or checked: too long, or a stored hash the host cannot read.
class PasswordError : public std::runtime_error {
 public:
  enum class Kind {
    kTooLong,        // the password is over passwords.max_length (the caller's input: 400)
    kMalformedHash,  // the stored hash is not one the host reads (a data problem: 500)
    kInternal,       // libargon2/libcrypt failed (out of memory...): 500
  };
  PasswordError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const noexcept { return kind_; }

 private:
  Kind kind_;
};

struct PasswordCheck {
  bool match = false;
  // The hash should be replaced by hash(password) after this successful login: it is bcrypt,
  // another argon2 variant or version, or argon2id weaker than the configured cost.
  bool needs_rehash = false;
};

// argon2id password hashes as PHC strings ("$argon2id$v=19$m=19456,t=2,p=1$salt$hash") with a
// 16-byte random salt and a 32-byte tag; verification of those and of bcrypt hashes ($2a$,
// $2b$, $2y$, through libcrypt) so that accounts imported from the products' old backends keep
// working and are upgraded on login. Thread-safe; every call is CPU- and memory-heavy by design
// (run it on a worker thread).
class PasswordHasher {
 public:
  // Cost bounds accepted from a stored hash, so a crafted row cannot make one login take
  // minutes or gigabytes.
  static constexpr uint32_t kMaxMemoryKib = 4u * 1024 * 1024;
  static constexpr uint32_t kMaxIterations = 100;
  static constexpr uint32_t kMaxParallelism = 64;
  static constexpr int kMaxBcryptCost = 16;

  explicit PasswordHasher(const config::PasswordHashingConfig& params);

  // Throws PasswordError (kTooLong, kInternal).
  std::string hash(std::string_view password) const;

  // Compares in constant time (libargon2's own comparison; CRYPTO_memcmp for bcrypt). A wrong
  // password is {match=false}. Throws PasswordError (kTooLong, kMalformedHash, kInternal).
  PasswordCheck verify(std::string_view password, std::string_view encoded) const;

  const config::PasswordHashingConfig& params() const { return params_; }

 private:
  PasswordCheck verifyArgon2(std::string_view password, std::string_view encoded) const;
  PasswordCheck verifyBcrypt(std::string_view password, std::string_view encoded) const;

  config::PasswordHashingConfig params_;
};

}  // namespace atrium::host::auth

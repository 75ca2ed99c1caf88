#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace atrium::host::auth {

// The key of one JWS algorithm. Implementations are immutable after construction and safe to
// use from many threads at once.
class SigningKey {
 public:
  virtual ~SigningKey() = default;
  // The JWS "alg" value: "HS256" or "RS256".
  virtual std::string_view algorithm() const = 0;
  // False for a verification-only key (RS256 with a public key alone).
  virtual bool canSign() const = 0;
  // The raw signature of `signing_input`. Throws std::runtime_error when it cannot sign.
  virtual std::string sign(std::string_view signing_input) const = 0;
  // True when `signature` (raw bytes) is valid for `signing_input`; constant-time for HMAC.
  virtual bool verify(std::string_view signing_input, std::string_view signature) const = 0;
};

// HMAC-SHA256 with `secret` (any length; the configuration demands 32 bytes in production).
std::unique_ptr<SigningKey> makeHs256Key(std::string secret);

// RSASSA-PKCS1-v1_5 with SHA-256. `private_pem` may be empty (verification only);
// `public_pem` empty derives the public key from the private one. Keys under 2048 bits are
// refused. Throws std::invalid_argument with a message that never contains key material.
std::unique_ptr<SigningKey> makeRs256Key(std::string_view private_pem, std::string_view public_pem);

}  // namespace atrium::host::auth

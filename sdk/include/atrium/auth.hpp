// Passwords, access tokens and randomness from the host's auth service (ABI 1.2). Compiles as
// C++17. Obtain them from the Context:
//
//   std::string hash = ctx.passwords().hash(password);               // argon2id
//   auto check = ctx.passwords().verify(password, stored_hash);      // argon2id or bcrypt
//   if (check.match && check.needs_rehash) store(ctx.passwords().hash(password));
//   sdk::AccessToken t = ctx.tokens(request).issue({{"sub", id}, {"role", "user"}});
//   std::string refresh = ctx.crypto().randomToken(32);              // 43 URL-safe chars
//   std::string stored = ctx.crypto().sha256Hex(refresh);            // keep only the hash
//   std::string otp = ctx.crypto().randomDigits(6);                  // "042917"
//
// Errors are HttpErrors the host renders in the product's envelope: a password over
// auth.passwords.max_length is 400 "password_too_long"; claims the host refuses, a malformed
// stored hash or a missing auth service are 500 (a bug or a configuration problem, logged).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "atrium/abi.h"
#include "atrium/detail/str.hpp"
#include "atrium/http_error.hpp"

namespace atrium::sdk {

namespace detail {

inline void requireAuthApi(const atrium_host_api* host) {
  if (!ATRIUM_ABI_HAS_FIELD(host, atrium_host_api, sha256)) {
    throw std::runtime_error(
        "this host does not provide the auth service (it needs ABI 1.2, the "
        "host speaks " +
        std::to_string(host->header.abi_major) + "." + std::to_string(host->header.abi_minor) +
        ")");
  }
}

inline HttpError authFailure(atrium_status status, std::string_view what) {
  if (status == ATRIUM_ERR_UNAVAILABLE) {
    return HttpError(500, "internal_error", "Internal server error",
                     std::string(what) + ": the host has no usable auth service (see its log)");
  }
  return HttpError(500, "internal_error", "Internal server error",
                   std::string(what) + " failed with status " + std::to_string(status) +
                       " (see the host's log)");
}

}  // namespace detail

struct PasswordCheck {
  bool match = false;
  // Replace the stored hash with hash(password) after this login (bcrypt or a weaker argon2).
  bool needs_rehash = false;
};

// argon2id hashing and argon2/bcrypt verification. Cheap to copy; thread-safe. Each call costs
// tens of milliseconds and ~19 MiB by design: call it from a blocking handler.
class Passwords {
 public:
  Passwords(const atrium_host_api* host, atrium_plugin_ctx* ctx) : host_(host), ctx_(ctx) {
    detail::requireAuthApi(host_);
  }

  std::string hash(std::string_view password) const {
    std::string out(ATRIUM_PASSWORD_HASH_CAPACITY, '\0');
    size_t len = 0;
    const atrium_status status =
        host_->password_hash(ctx_, detail::str(password), out.data(), out.size(), &len);
    if (status == ATRIUM_ERR_INVALID_ARGUMENT) throw tooLong();
    if (status != ATRIUM_OK) throw detail::authFailure(status, "password_hash");
    out.resize(len);
    return out;
  }

  PasswordCheck verify(std::string_view password, std::string_view stored_hash) const {
    int32_t match = 0;
    int32_t needs_rehash = 0;
    const atrium_status status = host_->password_verify(
        ctx_, detail::str(password), detail::str(stored_hash), &match, &needs_rehash);
    if (status == ATRIUM_ERR_INVALID_ARGUMENT) throw tooLong();
    if (status != ATRIUM_OK) throw detail::authFailure(status, "password_verify");
    return PasswordCheck{match != 0, needs_rehash != 0};
  }

 private:
  static HttpError tooLong() { return HttpError(400, "password_too_long", "Password is too long"); }
  const atrium_host_api* host_;
  atrium_plugin_ctx* ctx_;
};

struct AccessToken {
  std::string token;
  int64_t expires_at = 0;  // seconds since the epoch
};

// Signs access tokens with the product's key. Cheap to copy; thread-safe.
class Tokens {
 public:
  Tokens(const atrium_host_api* host, atrium_plugin_ctx* ctx, const atrium_request* req = nullptr)
      : host_(host), ctx_(ctx), req_(req) {
    detail::requireAuthApi(host_);
  }

  // `claims`: {"sub": id, "role": role (optional), plus claims listed in auth.claims.extra}.
  AccessToken issue(const nlohmann::json& claims) const {
    const std::string text = claims.dump();
    std::string out(4096, '\0');
    for (int attempt = 0; attempt < 2; ++attempt) {
      size_t len = 0;
      int64_t expires_at = 0;
      const atrium_status status = host_->token_issue(ctx_, req_, detail::str(text), out.data(),
                                                      out.size(), &len, &expires_at);
      if (status == ATRIUM_OK) {
        out.resize(len);
        return AccessToken{out, expires_at};
      }
      if (status == ATRIUM_ERR_INVALID_ARGUMENT && len > out.size()) {
        out.resize(len);  // a larger token: sign again into a buffer that fits
        continue;
      }
      throw detail::authFailure(status, "token_issue");
    }
    throw detail::authFailure(ATRIUM_ERR_INTERNAL, "token_issue");
  }

 private:
  const atrium_host_api* host_;
  atrium_plugin_ctx* ctx_;
  const atrium_request* req_;
};

// The host's CSPRNG and SHA-256. Cheap to copy; thread-safe.
class Crypto {
 public:
  Crypto(const atrium_host_api* host, atrium_plugin_ctx* ctx) : host_(host), ctx_(ctx) {
    detail::requireAuthApi(host_);
  }

  std::vector<uint8_t> randomBytes(size_t count) const {
    std::vector<uint8_t> out(count);
    check(host_->random_bytes(ctx_, out.data(), count), "random_bytes");
    return out;
  }

  // `bytes` random bytes as base64url (refresh tokens, reset links): 32 bytes, 43 chars.
  std::string randomToken(size_t bytes = 32) const {
    std::string out(bytes * 4 / 3 + 4, '\0');
    size_t len = 0;
    check(host_->random_token(ctx_, bytes, out.data(), out.size(), &len), "random_token");
    out.resize(len);
    return out;
  }

  // `count` uniformly random decimal digits (one-time codes), by rejection sampling.
  std::string randomDigits(size_t count) const {
    std::string out;
    out.reserve(count);
    while (out.size() < count) {
      for (uint8_t byte : randomBytes(count - out.size() + 8)) {
        if (byte >= 250) continue;  // 250 = 25 * 10: keeps the digits uniform
        out += static_cast<char>('0' + byte % 10);
        if (out.size() == count) break;
      }
    }
    return out;
  }

  std::string sha256(std::string_view data) const {
    uint8_t digest[32];
    check(host_->sha256(ctx_, detail::str(data), digest), "sha256");
    return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
  }

  std::string sha256Hex(std::string_view data) const {
    static const char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : sha256(data)) {
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
    return out;
  }

 private:
  static void check(atrium_status status, const char* what) {
    if (status != ATRIUM_OK) throw detail::authFailure(status, what);
  }
  const atrium_host_api* host_;
  atrium_plugin_ctx* ctx_;
};

}  // namespace atrium::sdk

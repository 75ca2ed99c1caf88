#include "host/services/auth/password_hasher.hpp"

#include <argon2.h>
#include <crypt.h>

#include <charconv>
#include <cstring>
#include <memory>
#include <optional>
#include <vector>

#include "host/services/auth/crypto_random.hpp"

namespace atrium::host::auth {
namespace {

constexpr size_t kSaltBytes = 16;
constexpr size_t kTagBytes = 32;
constexpr size_t kMaxEncodedBytes = 512;  // far above any real PHC or bcrypt string

struct Argon2Params {
  argon2_type type = Argon2_id;
  uint32_t version = ARGON2_VERSION_10;
  uint32_t memory_kib = 0;
  uint32_t iterations = 0;
  uint32_t parallelism = 0;
};

std::optional<uint32_t> number(std::string_view text) {
  uint32_t value = 0;
  if (text.empty() || text.size() > 10) return std::nullopt;
  const auto res = std::from_chars(text.data(), text.data() + text.size(), value);
  if (res.ec != std::errc() || res.ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

// Reads "$argon2id$v=19$m=..,t=..,p=..$" (libargon2 checks the rest when it verifies).
std::optional<Argon2Params> parseArgon2(std::string_view encoded) {
  Argon2Params params;
  if (encoded.starts_with("$argon2id$")) {
    params.type = Argon2_id;
    encoded.remove_prefix(10);
  } else if (encoded.starts_with("$argon2i$")) {
    params.type = Argon2_i;
    encoded.remove_prefix(9);
  } else if (encoded.starts_with("$argon2d$")) {
    params.type = Argon2_d;
    encoded.remove_prefix(9);
  } else {
    return std::nullopt;
  }
  if (encoded.starts_with("v=")) {
    const size_t end = encoded.find('$');
    if (end == std::string_view::npos) return std::nullopt;
    const auto version = number(encoded.substr(2, end - 2));
    if (!version) return std::nullopt;
    params.version = *version;
    encoded.remove_prefix(end + 1);
  }
  const size_t end = encoded.find('$');
  if (end == std::string_view::npos) return std::nullopt;
  std::string_view list = encoded.substr(0, end);
  const char* keys[] = {"m=", "t=", "p="};
  uint32_t* values[] = {&params.memory_kib, &params.iterations, &params.parallelism};
  for (size_t i = 0; i < 3; ++i) {
    if (!list.starts_with(keys[i])) return std::nullopt;
    list.remove_prefix(2);
    const size_t comma = list.find(',');
    const auto value = number(list.substr(0, comma));
    if (!value) return std::nullopt;
    *values[i] = *value;
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    if ((i < 2) == (comma == std::string_view::npos)) return std::nullopt;
  }
  return params;
}

bool isBcrypt(std::string_view encoded) {
  return encoded.starts_with("$2a$") || encoded.starts_with("$2b$") || encoded.starts_with("$2y$");
}

// "$2b$12$" + 22 salt chars + 31 hash chars, in bcrypt's alphabet.
std::optional<int> bcryptCost(std::string_view encoded) {
  if (encoded.size() != 60 || encoded[6] != '$') return std::nullopt;
  const auto cost = number(encoded.substr(4, 2));
  if (!cost || *cost < 4 || *cost > 31) return std::nullopt;
  for (char c : encoded.substr(7)) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '/';
    if (!ok) return std::nullopt;
  }
  return static_cast<int>(*cost);
}

}  // namespace

PasswordHasher::PasswordHasher(const config::PasswordHashingConfig& params) : params_(params) {}

std::string PasswordHasher::hash(std::string_view password) const {
  if (password.size() > params_.max_password_bytes) {
    throw PasswordError(
        PasswordError::Kind::kTooLong,
        "password longer than " + std::to_string(params_.max_password_bytes) + " bytes");
  }
  const std::string salt = randomBytes(kSaltBytes);
  std::vector<char> encoded(argon2_encodedlen(params_.iterations, params_.memory_kib,
                                              params_.parallelism, kSaltBytes, kTagBytes,
                                              Argon2_id) +
                            1);
  const int rc = argon2id_hash_encoded(params_.iterations, params_.memory_kib, params_.parallelism,
                                       password.data(), password.size(), salt.data(), salt.size(),
                                       kTagBytes, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) {
    throw PasswordError(PasswordError::Kind::kInternal,
                        std::string("argon2id hashing failed: ") + argon2_error_message(rc));
  }
  return std::string(encoded.data());
}

PasswordCheck PasswordHasher::verify(std::string_view password, std::string_view encoded) const {
  if (password.size() > params_.max_password_bytes) {
    throw PasswordError(
        PasswordError::Kind::kTooLong,
        "password longer than " + std::to_string(params_.max_password_bytes) + " bytes");
  }
  if (encoded.size() > kMaxEncodedBytes || encoded.find('\0') != std::string_view::npos) {
    throw PasswordError(PasswordError::Kind::kMalformedHash, "stored password hash is malformed");
  }
  if (encoded.starts_with("$argon2")) return verifyArgon2(password, encoded);
  if (isBcrypt(encoded)) return verifyBcrypt(password, encoded);
  throw PasswordError(PasswordError::Kind::kMalformedHash,
                      "stored password hash is neither argon2 nor bcrypt ($2a$, $2b$, $2y$)");
}

PasswordCheck PasswordHasher::verifyArgon2(std::string_view password,
                                           std::string_view encoded) const {
  const auto params = parseArgon2(encoded);
  if (!params || params->memory_kib > kMaxMemoryKib || params->iterations > kMaxIterations ||
      params->parallelism > kMaxParallelism || params->iterations == 0 ||
      params->parallelism == 0) {
    throw PasswordError(PasswordError::Kind::kMalformedHash,
                        "stored argon2 hash is malformed or its cost is out of bounds");
  }
  const std::string text(encoded);  // libargon2 wants a NUL-terminated string
  const int rc = argon2_verify(text.c_str(), password.data(), password.size(), params->type);
  if (rc == ARGON2_VERIFY_MISMATCH) return PasswordCheck{false, false};
  if (rc == ARGON2_MEMORY_ALLOCATION_ERROR) {
    throw PasswordError(PasswordError::Kind::kInternal, "argon2 verification: out of memory");
  }
  if (rc != ARGON2_OK) {
    throw PasswordError(
        PasswordError::Kind::kMalformedHash,
        std::string("stored argon2 hash is malformed: ") + argon2_error_message(rc));
  }
  const bool weaker = params->type != Argon2_id || params->version != ARGON2_VERSION_13 ||
                      params->memory_kib < params_.memory_kib ||
                      params->iterations < params_.iterations ||
                      params->parallelism < params_.parallelism;
  return PasswordCheck{true, weaker};
}

PasswordCheck PasswordHasher::verifyBcrypt(std::string_view password,
                                           std::string_view encoded) const {
  const auto cost = bcryptCost(encoded);
  if (!cost || *cost > kMaxBcryptCost) {
    throw PasswordError(
        PasswordError::Kind::kMalformedHash,
        "stored bcrypt hash is malformed or its cost is above " + std::to_string(kMaxBcryptCost));
  }
  if (password.find('\0') != std::string_view::npos) return PasswordCheck{false, false};
  const std::string phrase(password);
  const std::string setting(encoded);
  auto data = std::make_unique<crypt_data>();
  std::memset(data.get(), 0, sizeof(crypt_data));
  const char* out = crypt_rn(phrase.c_str(), setting.c_str(), data.get(), sizeof(crypt_data));
  if (out == nullptr || out[0] == '*') {
    throw PasswordError(PasswordError::Kind::kMalformedHash, "libcrypt refused the bcrypt hash");
  }
  const bool match = constantTimeEquals(std::string_view(out), encoded);
  std::memset(data.get(), 0, sizeof(crypt_data));
  return PasswordCheck{match, match};
}

}  // namespace atrium::host::auth

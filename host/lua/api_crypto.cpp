// atrium.crypto: sha256(s) -> hex; hmac_sha256(key, s) -> hex; random_token(bytes?) -> URL-safe
// base64 without padding of `bytes` (default 32, 1..1024) bytes from OpenSSL's CSPRNG;
// uuid() -> random (version 4) UUID. Bad input -> nil, err.
#include <array>
#include <stdexcept>
#include <string>
#include <vector>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "host/common/sha256.hpp"
#include "host/lua/api.hpp"

namespace atrium::host::lua {
namespace {

std::string hex(const unsigned char* bytes, size_t length) {
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (size_t i = 0; i < length; ++i) {
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 0x0f];
  }
  return out;
}

std::string base64Url(const unsigned char* bytes, size_t length) {
  constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  out.reserve((length * 4 + 2) / 3);
  for (size_t i = 0; i < length; i += 3) {
    const uint32_t chunk = (uint32_t{bytes[i]} << 16) |
                           (i + 1 < length ? uint32_t{bytes[i + 1]} << 8 : 0) |
                           (i + 2 < length ? uint32_t{bytes[i + 2]} : 0);
    out += kAlphabet[(chunk >> 18) & 63];
    out += kAlphabet[(chunk >> 12) & 63];
    if (i + 1 < length) out += kAlphabet[(chunk >> 6) & 63];
    if (i + 2 < length) out += kAlphabet[chunk & 63];
  }
  return out;
}

void randomBytes(unsigned char* out, size_t length) {
  if (RAND_bytes(out, static_cast<int>(length)) != 1) {
    throw std::runtime_error("crypto: the random generator failed");
  }
}

void pushString(lua_State* L, const std::string& text) {
  lua_pushlstring(L, text.data(), text.size());
}

int sha256(lua_State* L) {
  size_t length = 0;
  const char* data = stringArgument(L, 1, &length);
  if (data == nullptr) return pushFailure(L, "crypto.sha256: the argument must be a string");
  pushString(L, common::sha256Hex({data, length}));
  return 1;
}

int hmacSha256(lua_State* L) {
  size_t key_length = 0;
  size_t data_length = 0;
  const char* key = stringArgument(L, 1, &key_length);
  const char* data = stringArgument(L, 2, &data_length);
  if (key == nullptr || data == nullptr) {
    return pushFailure(L, "crypto.hmac_sha256: key and data must be strings");
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  size_t digest_length = 0;
  if (EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key, key_length,
                reinterpret_cast<const unsigned char*>(data), data_length, digest.data(),
                digest.size(), &digest_length) == nullptr) {
    return pushFailure(L, "crypto.hmac_sha256: OpenSSL failed");
  }
  pushString(L, hex(digest.data(), digest_length));
  return 1;
}

int randomToken(lua_State* L) {
  double bytes = 32;
  if (!lua_isnoneornil(L, 1)) {
    if (lua_type(L, 1) != LUA_TNUMBER)
      return pushFailure(L, "crypto.random_token: bytes must be a number");
    bytes = lua_tonumber(L, 1);
  }
  if (!(bytes >= 1 && bytes <= 1024) || bytes != static_cast<double>(static_cast<int>(bytes))) {
    return pushFailure(L, "crypto.random_token: bytes must be a whole number from 1 to 1024");
  }
  std::vector<unsigned char> buffer(static_cast<size_t>(bytes));
  randomBytes(buffer.data(), buffer.size());
  pushString(L, base64Url(buffer.data(), buffer.size()));
  return 1;
}

int uuid(lua_State* L) {
  std::array<unsigned char, 16> b{};
  randomBytes(b.data(), b.size());
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  const std::string h = hex(b.data(), b.size());
  pushString(L, h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" +
                    h.substr(16, 4) + "-" + h.substr(20));
  return 1;
}

constexpr ApiFunction kFunctions[] = {
    {"sha256", guarded<sha256>},
    {"hmac_sha256", guarded<hmacSha256>},
    {"random_token", guarded<randomToken>},
    {"uuid", guarded<uuid>},
};

}  // namespace

void pushCryptoApi(lua_State* L) {
  lua_createtable(L, 0, 4);
  setFunctions(L, kFunctions);
}

}  // namespace atrium::host::lua

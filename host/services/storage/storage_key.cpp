#include "host/services/storage/storage_key.hpp"

#include <stdexcept>

#include <openssl/rand.h>

namespace atrium::host::storage {
namespace {

constexpr size_t kNameHexDigits = 32;                           // 128 bits
constexpr size_t kPrefixLength = 6;                             // "ab/cd/"
constexpr size_t kStemLength = kPrefixLength + kNameHexDigits;  // up to the '.'
constexpr size_t kMaxExtension = 8;

bool isLowerHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }
bool isExtensionChar(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'); }

}  // namespace

std::string newStorageKey(std::string_view extension) {
  unsigned char random[kNameHexDigits / 2];
  if (RAND_bytes(random, sizeof random) != 1) {
    throw std::runtime_error("RAND_bytes failed: no randomness for a storage key");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string name;
  name.reserve(kNameHexDigits);
  for (unsigned char byte : random) {
    name.push_back(kHex[byte >> 4]);
    name.push_back(kHex[byte & 0xf]);
  }
  std::string key = name.substr(0, 2) + "/" + name.substr(2, 2) + "/" + name + ".";
  key.append(extension);
  if (!isValidStorageKey(key)) throw std::invalid_argument("bad storage key extension");
  return key;
}

bool isValidStorageKey(std::string_view key) {
  if (key.size() < kStemLength + 2 || key.size() > kStemLength + 1 + kMaxExtension) return false;
  if (key[2] != '/' || key[5] != '/' || key[kStemLength] != '.') return false;
  const std::string_view name = key.substr(kPrefixLength, kNameHexDigits);
  for (char c : name) {
    if (!isLowerHex(c)) return false;
  }
  // The shard directories are the name's first four digits.
  if (key.substr(0, 2) != name.substr(0, 2) || key.substr(3, 2) != name.substr(2, 2)) return false;
  for (char c : key.substr(kStemLength + 1)) {
    if (!isExtensionChar(c)) return false;
  }
  return true;
}

std::string_view storageKeyExtension(std::string_view key) { return key.substr(kStemLength + 1); }

}  // namespace atrium::host::storage

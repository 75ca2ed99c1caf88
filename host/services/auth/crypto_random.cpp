#include "host/services/auth/crypto_random.hpp"

#include <climits>
#include <stdexcept>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "host/services/auth/base64url.hpp"

namespace atrium::host::auth {

void randomBytes(unsigned char* out, size_t length) {
  while (length > 0) {
    const int chunk = length > INT_MAX ? INT_MAX : static_cast<int>(length);
    if (RAND_bytes(out, chunk) != 1) throw std::runtime_error("the random generator failed");
    out += chunk;
    length -= static_cast<size_t>(chunk);
  }
}

std::string randomBytes(size_t length) {
  std::string out(length, '\0');
  randomBytes(reinterpret_cast<unsigned char*>(out.data()), length);
  return out;
}

std::string randomToken(size_t bytes) { return base64UrlEncode(randomBytes(bytes)); }

bool constantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;  // lengths are not secret (fixed by the algorithm)
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace atrium::host::auth

#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace atrium::host::auth {

// Bytes from OpenSSL's CSPRNG (RAND_bytes). Throws std::runtime_error when it fails (it does not
// on a seeded system; the caller answers 500 rather than use weak randomness).
void randomBytes(unsigned char* out, size_t length);
std::string randomBytes(size_t length);

// `bytes` random bytes as base64url without padding: refresh tokens, ids (16 bytes: 22 chars).
std::string randomToken(size_t bytes);

// Constant-time equality of two byte strings of possibly different lengths: the time depends
// on the lengths only, never on where they differ.
bool constantTimeEquals(std::string_view a, std::string_view b);

}  // namespace atrium::host::auth

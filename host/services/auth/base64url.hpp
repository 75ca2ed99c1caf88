#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace atrium::host::auth {

// base64url without padding (RFC 4648 §5, as JWS uses it, RFC 7515 §2).
std::string base64UrlEncode(std::string_view bytes);

// Strict decoding: only [A-Za-z0-9_-], no padding, no whitespace, no length of 1 mod 4, and the
// unused low bits of the last character must be zero (so every input has exactly one
// encoding). nullopt for anything else.
std::optional<std::string> base64UrlDecode(std::string_view text);

}  // namespace atrium::host::auth

#pragma once

#include <string>
#include <string_view>

namespace atrium::host::common {

// SHA-256 of `data` as 64 lowercase hex digits (OpenSSL's EVP interface). Throws
// std::runtime_error only when OpenSSL itself fails.
std::string sha256Hex(std::string_view data);

}  // namespace atrium::host::common

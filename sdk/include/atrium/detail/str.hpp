// Conversions between the ABI's {ptr,len} strings and std::string_view. Compiles as C++17.
#pragma once

#include <string_view>

#include "atrium/abi.h"

namespace atrium::sdk::detail {

inline std::string_view view(atrium_str s) noexcept {
  return s.ptr == nullptr ? std::string_view() : std::string_view(s.ptr, s.len);
}

inline atrium_str str(std::string_view s) noexcept { return atrium_str{s.data(), s.size()}; }

}  // namespace atrium::sdk::detail

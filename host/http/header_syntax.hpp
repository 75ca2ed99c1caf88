#pragma once

#include <string_view>

namespace atrium::host::http {

// What may be written as a response header line without breaking HTTP framing. Used where
// plugins hand headers to the host (host/plugin/host_api.cpp) and where the host writes them
// to Pistache (host/server/pistache_adapter.cpp).

// True when `name` is an HTTP token (RFC 9110 tchar+).
bool isHeaderName(std::string_view name) noexcept;
// True when `value` holds no CR, LF or NUL.
bool isHeaderValue(std::string_view value) noexcept;

}  // namespace atrium::host::http

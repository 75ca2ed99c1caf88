#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace atrium::host::http {

// IMF-fixdate (RFC 9110 §5.6.7): "Sun, 06 Nov 1994 08:49:37 GMT", for Last-Modified.
std::string formatHttpDate(std::chrono::system_clock::time_point at);
// Parses an IMF-fixdate (the form every current client sends in If-Modified-Since); the
// obsolete RFC 850 and asctime forms yield std::nullopt, which means "ignore the condition".
std::optional<std::chrono::system_clock::time_point> parseHttpDate(std::string_view text);

}  // namespace atrium::host::http

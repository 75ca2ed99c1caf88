#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace atrium::host::config {

// Text-level parsers for YAML scalars (yaml-cpp keeps scalars as untyped text). Each returns
// nullopt when the whole text is not a value of that kind; none accepts surrounding spaces.

// Decimal integer with optional sign: "42", "-7", "+3". No hex, no underscores.
std::optional<int64_t> parseInteger(std::string_view text);
// Decimal number: "1", "1.5", "-2e3", ".5". No inf/nan/hex.
std::optional<double> parseNumber(std::string_view text);
// YAML 1.2 core booleans: true/True/TRUE, false/False/FALSE.
std::optional<bool> parseBoolean(std::string_view text);
// YAML 1.2 core nulls: "", "~", null/Null/NULL.
bool isNullText(std::string_view text);
// Bytes: "1024", "512B", "64KiB", "10MiB", "1GiB", "1TiB" (optional single space before unit).
std::optional<int64_t> parseSize(std::string_view text);
// Milliseconds: "250" (bare = ms), "250ms", "10s", "5m", "1h", "7d", compounds "1h30m".
std::optional<int64_t> parseDuration(std::string_view text);

}  // namespace atrium::host::config

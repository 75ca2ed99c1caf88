#include "host/config/scalar_parsers.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

namespace atrium::host::config {
namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// Reads leading digits of `text` at `pos` into `value`; false when none or on overflow.
bool readDigits(std::string_view text, size_t& pos, int64_t& value) {
  const size_t start = pos;
  while (pos < text.size() && isDigit(text[pos])) ++pos;
  if (pos == start) return false;
  const auto result = std::from_chars(text.data() + start, text.data() + pos, value);
  return result.ec == std::errc() && result.ptr == text.data() + pos;
}

std::optional<int64_t> multiply(int64_t value, int64_t factor) {
  int64_t out = 0;
  if (__builtin_mul_overflow(value, factor, &out)) return std::nullopt;
  return out;
}

std::optional<int64_t> sizeUnitFactor(std::string_view unit) {
  if (unit.empty() || unit == "B") return 1;
  if (unit == "KiB") return int64_t{1} << 10;
  if (unit == "MiB") return int64_t{1} << 20;
  if (unit == "GiB") return int64_t{1} << 30;
  if (unit == "TiB") return int64_t{1} << 40;
  return std::nullopt;
}

std::optional<int64_t> durationUnitFactor(std::string_view unit) {
  if (unit == "ms") return 1;
  if (unit == "s") return 1000;
  if (unit == "m") return 60 * 1000;
  if (unit == "h") return 60 * 60 * 1000;
  if (unit == "d") return 24 * 60 * 60 * 1000;
  return std::nullopt;
}

}  // namespace

std::optional<int64_t> parseInteger(std::string_view text) {
  size_t pos = 0;
  bool negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    pos = 1;
  }
  if (pos == text.size()) return std::nullopt;
  for (size_t i = pos; i < text.size(); ++i) {
    if (!isDigit(text[i])) return std::nullopt;
  }
  // Parse with the sign so INT64_MIN is representable.
  std::string digits = negative ? "-" : "";
  digits.append(text.substr(pos));
  int64_t value = 0;
  const auto result = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (result.ec != std::errc() || result.ptr != digits.data() + digits.size()) return std::nullopt;
  return value;
}

std::optional<double> parseNumber(std::string_view text) {
  size_t pos = 0;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) ++pos;
  size_t digits = 0;
  while (pos < text.size() && isDigit(text[pos])) ++pos, ++digits;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    while (pos < text.size() && isDigit(text[pos])) ++pos, ++digits;
  }
  if (digits == 0) return std::nullopt;
  if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
    ++pos;
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) ++pos;
    size_t exponent_digits = 0;
    while (pos < text.size() && isDigit(text[pos])) ++pos, ++exponent_digits;
    if (exponent_digits == 0) return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  const std::string copy(text);
  const double value = std::strtod(copy.c_str(), nullptr);
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<bool> parseBoolean(std::string_view text) {
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  return std::nullopt;
}

bool isNullText(std::string_view text) {
  return text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL";
}

std::optional<int64_t> parseSize(std::string_view text) {
  size_t pos = 0;
  int64_t value = 0;
  if (!readDigits(text, pos, value)) return std::nullopt;
  std::string_view unit = text.substr(pos);
  if (!unit.empty() && unit[0] == ' ') {
    unit.remove_prefix(1);
    if (unit.empty()) return std::nullopt;
  }
  const auto factor = sizeUnitFactor(unit);
  if (!factor) return std::nullopt;
  return multiply(value, *factor);
}

std::optional<int64_t> parseDuration(std::string_view text) {
  size_t pos = 0;
  int64_t value = 0;
  if (!readDigits(text, pos, value)) return std::nullopt;
  if (pos == text.size()) return value;  // bare integer: milliseconds
  int64_t total = 0;
  while (true) {
    const size_t unit_start = pos;
    while (pos < text.size() && std::isalpha(static_cast<unsigned char>(text[pos]))) ++pos;
    const auto factor = durationUnitFactor(text.substr(unit_start, pos - unit_start));
    if (!factor) return std::nullopt;
    const auto part = multiply(value, *factor);
    if (!part || __builtin_add_overflow(total, *part, &total)) return std::nullopt;
    if (pos == text.size()) return total;
    if (!readDigits(text, pos, value)) return std::nullopt;
  }
}

}  // namespace atrium::host::config

#include "host/http/byte_range.hpp"

#include <charconv>
#include <optional>

namespace atrium::host::http {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Digits only (no sign, no space); std::nullopt on anything else or overflow.
std::optional<uint64_t> number(std::string_view text) {
  if (text.empty()) return std::nullopt;
  uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

ByteRange parseByteRange(std::string_view header, uint64_t size) {
  ByteRange whole;
  header = trim(header);
  constexpr std::string_view kUnit = "bytes=";
  if (header.size() < kUnit.size()) return whole;
  for (size_t i = 0; i < kUnit.size(); ++i) {
    const char c = header[i];
    if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != kUnit[i]) return whole;
  }
  const std::string_view spec = trim(header.substr(kUnit.size()));
  if (spec.find(',') != std::string_view::npos) return whole;  // multi-range: send everything
  const size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return whole;  // malformed: ignored (RFC 9110 §14.2)
  const std::string_view first_text = spec.substr(0, dash);
  const std::string_view last_text = spec.substr(dash + 1);
  ByteRange range;
  range.kind = ByteRange::Kind::kPartial;
  if (first_text.empty()) {  // suffix: the last N bytes
    const auto suffix = number(last_text);
    if (!suffix) return whole;
    if (*suffix == 0 || size == 0) return ByteRange{ByteRange::Kind::kUnsatisfiable, 0, 0};
    range.first = *suffix >= size ? 0 : size - *suffix;
    range.last = size - 1;
    return range;
  }
  const auto first = number(first_text);
  if (!first) return whole;
  std::optional<uint64_t> last;
  if (!last_text.empty()) {
    last = number(last_text);
    if (!last || *last < *first) return whole;  // invalid range-spec: ignored
  }
  if (*first >= size) return ByteRange{ByteRange::Kind::kUnsatisfiable, 0, 0};
  range.first = *first;
  range.last = last && *last < size ? *last : size - 1;
  return range;
}

}  // namespace atrium::host::http

#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

// Eight bytes at a time: the scans the JSON reader and writer and the UTF-8 check make over
// every string of a rule call. The masks have the high bit set in the bytes that match; a
// byte above a matching one may be marked too (a borrow), so only the lowest mark is exact —
// which is all a scan needs: "is there one, and where is the first".
namespace atrium::host::lua::byte_scan {

inline constexpr uint64_t kOnes = 0x0101010101010101ULL;
inline constexpr uint64_t kHighs = 0x8080808080808080ULL;

inline uint64_t load8(const char* p) {
  uint64_t word = 0;
  std::memcpy(&word, p, sizeof word);
  return word;
}

// Bytes < n, for n <= 0x80.
inline uint64_t below(uint64_t word, uint8_t n) { return (word - kOnes * n) & ~word & kHighs; }

// Bytes equal to c.
inline uint64_t equal(uint64_t word, uint8_t c) { return below(word ^ (kOnes * c), 1); }

// Bytes a JSON string cannot hold as they are: control characters, '"' and '\\'.
inline uint64_t jsonSpecial(uint64_t word) {
  return below(word, 0x20) | equal(word, '"') | equal(word, '\\');
}

inline bool jsonSpecial(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

// The position (0..7) of the first marked byte of a non-zero mask (little-endian loads).
inline size_t firstMarked(uint64_t mask) { return static_cast<size_t>(__builtin_ctzll(mask)) / 8; }

// The number of bytes from text[from] on before the first JSON-special byte (text.size() - from
// when there is none); `non_ascii` is set when a byte >= 0x80 is among them.
inline size_t plainJsonRun(std::string_view text, size_t from, bool& non_ascii) {
  size_t i = from;
  uint64_t highs = 0;
  while (i + 8 <= text.size()) {
    const uint64_t word = load8(text.data() + i);
    const uint64_t special = jsonSpecial(word);
    if (special != 0) {
      const size_t at = firstMarked(special);
      highs |= word & ((uint64_t{1} << (8 * at)) - 1);  // the bytes before it (at < 8)
      non_ascii = non_ascii || (highs & kHighs) != 0;
      return i + at - from;
    }
    highs |= word;
    i += 8;
  }
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (jsonSpecial(c)) break;
    highs |= c;
    ++i;
  }
  non_ascii = non_ascii || (highs & kHighs) != 0;
  return i - from;
}

// The number of ASCII bytes at the start of `text`.
inline size_t asciiPrefix(std::string_view text) {
  size_t i = 0;
  while (i + 8 <= text.size()) {
    const uint64_t high = load8(text.data() + i) & kHighs;
    if (high != 0) return i + firstMarked(high);
    i += 8;
  }
  while (i < text.size() && static_cast<unsigned char>(text[i]) < 0x80) ++i;
  return i;
}

}  // namespace atrium::host::lua::byte_scan

#include "host/lua/byte_scan.hpp"

#include <cstdint>
#include <string>

#include <gtest/gtest.h>

namespace atrium::host::lua::byte_scan {
namespace {

// The byte-at-a-time answers the word-at-a-time scans must give.
size_t naiveRun(std::string_view text, size_t from, bool& non_ascii) {
  size_t i = from;
  while (i < text.size() && !jsonSpecial(static_cast<unsigned char>(text[i]))) {
    non_ascii = non_ascii || static_cast<unsigned char>(text[i]) >= 0x80;
    ++i;
  }
  return i - from;
}

size_t naiveAscii(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && static_cast<unsigned char>(text[i]) < 0x80) ++i;
  return i;
}

void expectAlike(const std::string& text, size_t from) {
  bool fast_non_ascii = false;
  bool slow_non_ascii = false;
  const size_t fast = plainJsonRun(text, from, fast_non_ascii);
  const size_t slow = naiveRun(text, from, slow_non_ascii);
  ASSERT_EQ(fast, slow) << "from " << from << " in a text of " << text.size() << " bytes";
  ASSERT_EQ(fast_non_ascii, slow_non_ascii) << "from " << from;
  ASSERT_EQ(asciiPrefix(std::string_view(text).substr(from)),
            naiveAscii(std::string_view(text).substr(from)));
}

// Every byte value at every position of a 19-byte text (two words and a tail), each with
// plain, non-ASCII and special neighbours: the borrows of one byte must not hide or invent a
// match in another.
TEST(ByteScanTest, EveryByteAtEveryPositionIsFoundExactly) {
  for (const char filler : {'a', '\x7f', '\x80', '\xff', ' ', '\x20', '!', '#', '[', ']'}) {
    for (int value = 0; value < 256; ++value) {
      for (size_t position = 0; position < 19; ++position) {
        std::string text(19, filler);
        text[position] = static_cast<char>(value);
        for (const size_t from : {size_t{0}, size_t{1}, size_t{7}, size_t{8}, size_t{12}}) {
          expectAlike(text, from);
        }
      }
    }
  }
}

TEST(ByteScanTest, RandomTextsScanAlike) {
  uint32_t seed = 7;
  const auto next = [&seed] {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 8) & 0xFFFF;
  };
  const char alphabet[] = {'a',    'Z',    '"',    '\\',   '\x01', '\x1f', '\x20', '\x7f',
                           '\x80', '\xc3', '\xa9', '\xff', '\x00', '/',    '0'};
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const uint32_t length = next() % 40;
    for (uint32_t i = 0; i < length; ++i) {
      // Mostly plain bytes, so that long runs (whole words) occur.
      text += next() % 8 == 0 ? alphabet[next() % sizeof alphabet]
                              : static_cast<char>('a' + next() % 26);
    }
    expectAlike(text, length == 0 ? 0 : next() % length);
  }
}

TEST(ByteScanTest, EmptyAndShortTexts) {
  bool non_ascii = false;
  EXPECT_EQ(plainJsonRun("", 0, non_ascii), 0u);
  EXPECT_FALSE(non_ascii);
  EXPECT_EQ(plainJsonRun("ab\"", 0, non_ascii), 2u);
  EXPECT_EQ(plainJsonRun("\xc3\xa9\"", 0, non_ascii), 2u);
  EXPECT_TRUE(non_ascii);
  EXPECT_EQ(asciiPrefix(""), 0u);
  EXPECT_EQ(asciiPrefix("abcdefgh\xc3\xa9"), 8u);
}

}  // namespace
}  // namespace atrium::host::lua::byte_scan

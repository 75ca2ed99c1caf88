#include "host/middleware/json_escape.hpp"

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace atrium::host::middleware {
namespace {

std::string escaped(std::string_view in) {
  std::string out;
  appendJsonEscaped(out, in);
  return out;
}

// The escaped text must parse as a JSON string; returns what it parses to.
std::string roundTrip(std::string_view in) {
  return nlohmann::json::parse("\"" + escaped(in) + "\"").get<std::string>();
}

TEST(JsonEscapeTest, PlainTextIsCopied) {
  EXPECT_EQ(escaped(""), "");
  EXPECT_EQ(escaped("hello /world/?a=1&b=<2>'"), "hello /world/?a=1&b=<2>'");
}

TEST(JsonEscapeTest, QuotesBackslashesAndControls) {
  EXPECT_EQ(escaped("a\"b\\c"), "a\\\"b\\\\c");
  EXPECT_EQ(escaped("\n\r\t\b\f"), "\\n\\r\\t\\b\\f");
  EXPECT_EQ(escaped(std::string("\0\x01\x1f\x7f", 4)), "\\u0000\\u0001\\u001f\\u007f");
}

TEST(JsonEscapeTest, ValidUtf8IsKept) {
  const std::string text = "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xD1\x82\xD0\xBE\xD0\xB9";
  EXPECT_EQ(escaped(text), text);
  EXPECT_EQ(roundTrip(text), text);
}

TEST(JsonEscapeTest, InvalidUtf8BecomesReplacementChar) {
  EXPECT_EQ(escaped("a\xFFz"), "a\\ufffdz");
  EXPECT_EQ(escaped("\x80"), "\\ufffd");                                   // stray continuation
  EXPECT_EQ(escaped("\xC0\xAF"), "\\ufffd\\ufffd");                        // overlong '/'
  EXPECT_EQ(escaped("\xED\xA0\x80"), "\\ufffd\\ufffd\\ufffd");             // surrogate
  EXPECT_EQ(escaped("\xF4\x90\x80\x80"), "\\ufffd\\ufffd\\ufffd\\ufffd");  // > U+10FFFF
  EXPECT_EQ(escaped("ab\xE2\x82"), "ab\\ufffd\\ufffd");                    // truncated at the end
  EXPECT_EQ(escaped("\xE2\x82"
                    "a"),
            "\\ufffd\\ufffda");
}

TEST(JsonEscapeTest, NastyInputAlwaysParses) {
  std::string all;
  for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
  all += "\"\\\"\\\\\r\n\xC3";
  EXPECT_NO_THROW(roundTrip(all));
  const std::string back = roundTrip("x\"\\\n\x01y");
  EXPECT_EQ(back, "x\"\\\n\x01y");
}

}  // namespace
}  // namespace atrium::host::middleware

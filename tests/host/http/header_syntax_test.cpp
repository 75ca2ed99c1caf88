#include "host/http/header_syntax.hpp"

#include <string_view>

#include <gtest/gtest.h>

namespace atrium::host::http {
namespace {

TEST(HeaderSyntaxTest, NamesMustBeTokensAndValuesFreeOfCrLfNul) {
  EXPECT_TRUE(isHeaderName("X-Custom_1.a~!#$%&'*+^`|"));
  EXPECT_FALSE(isHeaderName(""));
  EXPECT_FALSE(isHeaderName("X Space"));
  EXPECT_FALSE(isHeaderName("X:Colon"));
  EXPECT_FALSE(isHeaderName("X\r\nY"));
  EXPECT_FALSE(isHeaderName("Caf\xc3\xa9"));
  EXPECT_TRUE(isHeaderValue("text with spaces; and=\"quotes\""));
  EXPECT_TRUE(isHeaderValue(""));
  EXPECT_FALSE(isHeaderValue("a\rb"));
  EXPECT_FALSE(isHeaderValue("a\nb"));
  EXPECT_FALSE(isHeaderValue(std::string_view("a\0b", 3)));
}

}  // namespace
}  // namespace atrium::host::http

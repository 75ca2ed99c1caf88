#include "host/services/auth/base64url.hpp"

#include <gtest/gtest.h>

namespace atrium::host::auth {
namespace {

TEST(Base64UrlTest, EncodesWithoutPaddingInTheUrlAlphabet) {
  EXPECT_EQ(base64UrlEncode(""), "");
  EXPECT_EQ(base64UrlEncode("f"), "Zg");
  EXPECT_EQ(base64UrlEncode("fo"), "Zm8");
  EXPECT_EQ(base64UrlEncode("foo"), "Zm9v");
  EXPECT_EQ(base64UrlEncode("foob"), "Zm9vYg");
  EXPECT_EQ(base64UrlEncode(std::string("\xfb\xff\xbf", 3)), "-_-_");
}

TEST(Base64UrlTest, RoundTripsEveryByte) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (size_t len = 0; len < all.size(); len += 7) {
    const std::string part = all.substr(0, len);
    EXPECT_EQ(base64UrlDecode(base64UrlEncode(part)), part) << len;
  }
}

TEST(Base64UrlTest, RefusesAnythingNotStrictBase64Url) {
  EXPECT_EQ(base64UrlDecode("Zg=="), std::nullopt);    // padding
  EXPECT_EQ(base64UrlDecode("Zm9v+A"), std::nullopt);  // '+' is standard base64
  EXPECT_EQ(base64UrlDecode("Zm9v/A"), std::nullopt);
  EXPECT_EQ(base64UrlDecode("Zm 9v"), std::nullopt);  // whitespace
  EXPECT_EQ(base64UrlDecode("Zm9vY"), std::nullopt);  // length 1 mod 4
  EXPECT_EQ(base64UrlDecode("Zh"), std::nullopt);     // non-zero unused bits ("Zg" is canonical)
  EXPECT_EQ(base64UrlDecode(std::string("Zg\0", 3)), std::nullopt);
  EXPECT_EQ(base64UrlDecode("Zg"), "f");
}

}  // namespace
}  // namespace atrium::host::auth

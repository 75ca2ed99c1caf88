// atrium.crypto (host/lua/api_crypto.cpp).
#include <regex>
#include <string>

#include <gtest/gtest.h>

#include "tests/host/lua/lua_test_fixture.hpp"

namespace atrium::host::lua {
namespace {

class ApiCryptoTest : public testing::LuaEngineTest {};

TEST_F(ApiCryptoTest, Sha256AndHmacMatchKnownVectors) {
  EXPECT_EQ(eval("return atrium.crypto.sha256('abc')"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // RFC 4231 test case 2.
  EXPECT_EQ(eval("return atrium.crypto.hmac_sha256('Jefe', 'what do ya want for nothing?')"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(eval("return atrium.crypto.sha256(nil)"),
            failed("crypto.sha256: the argument must be a string"));
  EXPECT_EQ(eval("return atrium.crypto.hmac_sha256('k')"),
            failed("crypto.hmac_sha256: key and data must be strings"));
}

TEST_F(ApiCryptoTest, RandomTokensAreUrlSafeAndDistinct) {
  const auto tokens = eval(R"(
return { atrium.crypto.random_token(), atrium.crypto.random_token(), atrium.crypto.random_token(1),
         atrium.crypto.random_token(100) }
)");
  EXPECT_TRUE(std::regex_match(tokens[0].get<std::string>(), std::regex("[A-Za-z0-9_-]{43}")));
  EXPECT_NE(tokens[0], tokens[1]);
  EXPECT_EQ(tokens[2].get<std::string>().size(), 2u);
  EXPECT_EQ(tokens[3].get<std::string>().size(), 134u);
  for (const char* bad : {"0", "1025", "1.5", "'x'"}) {
    EXPECT_EQ(eval(std::string("return atrium.crypto.random_token(") + bad + ")")["nil"], true)
        << bad;
  }
}

TEST_F(ApiCryptoTest, UuidsAreVersion4) {
  const auto ids = eval("return { atrium.crypto.uuid(), atrium.crypto.uuid() }");
  const std::regex v4("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  EXPECT_TRUE(std::regex_match(ids[0].get<std::string>(), v4)) << ids;
  EXPECT_NE(ids[0], ids[1]);
}

}  // namespace
}  // namespace atrium::host::lua

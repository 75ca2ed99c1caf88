// atrium.time (host/lua/api_time.cpp).
#include <chrono>
#include <regex>
#include <string>

#include <gtest/gtest.h>

#include "tests/host/lua/lua_test_fixture.hpp"

namespace atrium::host::lua {
namespace {

class ApiTimeTest : public testing::LuaEngineTest {};

TEST_F(ApiTimeTest, NowIsEpochSecondsWithAFraction) {
  const double before =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  const double now = eval("return atrium.time.now()").get<double>();
  EXPECT_GE(now, before - 0.001);
  EXPECT_LT(now, before + 5);
}

TEST_F(ApiTimeTest, IsoFormatsUtcWithMilliseconds) {
  EXPECT_EQ(eval("return atrium.time.iso(0)"), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(eval("return atrium.time.iso(1700000000.25)"), "2023-11-14T22:13:20.250Z");
  EXPECT_TRUE(std::regex_match(eval("return atrium.time.iso()").get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
  EXPECT_EQ(eval("return atrium.time.iso('now')"), failed("time.iso: t must be a number"));
  EXPECT_EQ(eval("return atrium.time.iso(-1)"),
            failed("time.iso: t is out of range (years 1970 to 9999)"));
  EXPECT_EQ(eval("return atrium.time.iso(1/0)")["nil"], true);
}

}  // namespace
}  // namespace atrium::host::lua

// atrium.log (host/lua/api_log.cpp).
#include <string>

#include <gtest/gtest.h>

#include "tests/host/lua/lua_test_fixture.hpp"

namespace atrium::host::lua {
namespace {

class ApiLogTest : public testing::LuaEngineTest {};

TEST_F(ApiLogTest, LinesCarryLevelScriptRequestAndFields) {
  EXPECT_EQ(eval(R"(
assert(atrium.log.debug("d"))
assert(atrium.log.info("guest added", { guests = 3, names = { "a" } }))
assert(atrium.log.warn("w"))
return atrium.log.error("e")
)"),
            true);
  std::string text = log_.text();
  EXPECT_NE(text.find("\"level\":\"debug\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"level\":\"warn\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"level\":\"error\""), std::string::npos) << text;
  const size_t at = text.find("guest added");
  ASSERT_NE(at, std::string::npos) << text;
  const size_t begin = text.rfind('\n', at) == std::string::npos ? 0 : text.rfind('\n', at) + 1;
  const auto line = nlohmann::json::parse(text.substr(begin, text.find('\n', at) - begin));
  EXPECT_EQ(line["logger"], "host.lua");
  EXPECT_EQ(line["level"], "info");
  EXPECT_EQ(line["request_id"], "req-1");
  EXPECT_EQ(line["script"].get<std::string>().rfind("eval", 0), 0u);
  EXPECT_EQ(line["guests"], 3);
  EXPECT_EQ(line["names"], nlohmann::json::array({"a"}));
}

TEST_F(ApiLogTest, BadInputIsNilErr) {
  EXPECT_EQ(eval("return atrium.log.info({})"), failed("log: the message must be a string"));
  EXPECT_EQ(eval("return atrium.log.info('x', 'y')"), failed("log: fields must be a table"));
  EXPECT_EQ(eval("return atrium.log.info('x', { f = print })"),
            failed("log: fields: f: a function cannot be converted to JSON"));
}

}  // namespace
}  // namespace atrium::host::lua

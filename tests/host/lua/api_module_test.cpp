// The per-script atrium table (host/lua/api_module.cpp): atrium.config and atrium.script_id.
#include <gtest/gtest.h>

#include "tests/host/lua/lua_test_fixture.hpp"

namespace atrium::host::lua {
namespace {

class ApiModuleTest : public testing::LuaEngineTest {};

TEST_F(ApiModuleTest, ConfigIsPerScriptAndWritesStayLocalToTheState) {
  const char* source = R"(
local atrium = require("atrium")
return { handle = function()
  local before = atrium.config.max_guests
  atrium.config.max_guests = 0  -- a private copy: changes nothing elsewhere
  return { before = before, langs = atrium.config.languages, id = atrium.script_id }
end }
)";
  script("taklifnoma/rules/guests", source);
  script("other", source);
  EngineOptions o = options();
  o.script_config["taklifnoma/rules/guests"] = {{"max_guests", 300}, {"languages", {"uz", "ru"}}};
  start(o);
  EXPECT_EQ(call("taklifnoma/rules/guests"),
            nlohmann::json::parse(
                R"({"before":300,"langs":["uz","ru"],"id":"taklifnoma/rules/guests"})"));
  EXPECT_EQ(call("other"), (nlohmann::json{{"id", "other"}}));
}

TEST_F(ApiModuleTest, EveryAreaIsThere) {
  EXPECT_EQ(eval(R"(
local names = {}
for _, area in ipairs({ "json", "log", "time", "crypto", "template", "db" }) do
  names[#names + 1] = type(atrium[area])
end
return names
)"),
            nlohmann::json(std::vector<std::string>(6, "table")));
}

}  // namespace
}  // namespace atrium::host::lua

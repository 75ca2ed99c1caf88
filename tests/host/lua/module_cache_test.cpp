#include "host/lua/module_cache.hpp"

#include <string>

#include <gtest/gtest.h>

#include "tests/host/lua/lua_test_fixture.hpp"

namespace atrium::host::lua {
namespace {

using Kind = ScriptError::Kind;

class ModuleCacheTest : public testing::LuaEngineTest {};

TEST_F(ModuleCacheTest, RequireLoadsAnotherScriptOncePerState) {
  script("kaya/lib/levels", R"(
local loads = 0
loads = loads + 1
local M = {}
function M.level(xp) return math.floor(xp / 100) end
function M.loads() return loads end
return M
)");
  script("kaya/rules/xp", R"(
local levels = require("kaya.lib.levels")
local same = require("kaya/lib/levels")
return { handle = function(args)
  return { level = levels.level(args.xp), same = levels == same, loads = levels.loads() }
end }
)");
  start();
  EXPECT_EQ(call("kaya/rules/xp", {{"xp", 250}}),
            (nlohmann::json{{"level", 2}, {"same", true}, {"loads", 1}}));
  EXPECT_EQ(call("kaya/lib/levels", 1234, "level"), 12);
  EXPECT_EQ(call("kaya/lib/levels", nullptr, "loads"), 1);  // shared with xp's require
}

TEST_F(ModuleCacheTest, ChangingARequiredModuleReloadsItsDependents) {
  script("lib", "return { value = function() return 'old' end }\n");
  script("user", R"(
local lib = require("lib")
return { handle = function() return lib.value() end }
)");
  start();
  EXPECT_EQ(call("user"), "old");
  script("lib", "return { value = function() return 'new' end }\n");
  engine_->loadAll();
  EXPECT_EQ(call("user"), "new");
  EXPECT_EQ(engine_->status()[1].version, 1u);  // user itself did not change
}

TEST_F(ModuleCacheTest, CircularRequireIsAnError) {
  script("a", "local b = require('b')\nreturn { handle = function() return 1 end }\n");
  script("b", "local a = require('a')\nreturn {}\n");
  start();
  ASSERT_EQ(errors_.size(), 2u);
  EXPECT_NE(errors_[0].find("circular require"), std::string::npos) << errors_[0];
  EXPECT_EQ(failure("a"), Kind::kCompile);
}

TEST_F(ModuleCacheTest, RequireAtriumGivesTheHostModule) {
  script("host", R"(
local atrium = require("atrium")
return { handle = function() return { id = atrium.script_id, same = atrium == require("atrium") } end }
)");
  start();
  EXPECT_EQ(call("host"), (nlohmann::json{{"id", "host"}, {"same", true}}));
}

}  // namespace
}  // namespace atrium::host::lua

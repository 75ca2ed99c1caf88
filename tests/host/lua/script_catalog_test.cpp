#include "host/lua/script_catalog.hpp"

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "tests/host/lua/lua_test_fixture.hpp"

namespace atrium::host::lua {
namespace {

using Kind = ScriptError::Kind;

class ScriptCatalogTest : public testing::LuaEngineTest {};

TEST_F(ScriptCatalogTest, LoadAllReportsCompileErrorsWithFileAndLine) {
  script("good", "return { handle = function() return 1 end }\n");
  script("taklifnoma/rules/bad", "local x = \nreturn {\n");
  atrium::testing::writeFile(dir_ / "notes.txt", "not a script");
  atrium::testing::writeFile(dir_ / ".hidden.lua", "syntax error here");
  start();
  ASSERT_EQ(errors_.size(), 1u);
  EXPECT_EQ(errors_[0].rfind("taklifnoma/rules/bad.lua:2: ", 0), 0u) << errors_[0];
  EXPECT_TRUE(engine_->has("good"));
  EXPECT_FALSE(engine_->has("taklifnoma/rules/bad"));
  EXPECT_EQ(failure("taklifnoma/rules/bad"), Kind::kCompile);
  EXPECT_EQ(last_location_, "taklifnoma/rules/bad.lua:2");
  const auto status = engine_->status();
  ASSERT_EQ(status.size(), 2u);
  EXPECT_EQ(status[0].id, "good");
  EXPECT_EQ(status[0].file, "good.lua");
  EXPECT_EQ(status[0].version, 1u);
  EXPECT_EQ(status[1].id, "taklifnoma/rules/bad");
  EXPECT_EQ(status[1].version, 0u);
  EXPECT_EQ(status[1].error, errors_[0]);
}

TEST_F(ScriptCatalogTest, ABrokenEditKeepsTheLastGoodVersionServing) {
  script("rule", "return { handle = function() return 'v1' end }\n");
  start();
  EXPECT_EQ(call("rule"), "v1");
  script("rule", "return { handle = function() return 'v2' end\n");  // syntax error
  const auto errors = engine_->loadAll();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind("rule.lua:2: ", 0), 0u) << errors[0];
  EXPECT_EQ(call("rule"), "v1");
  EXPECT_EQ(engine_->status()[0].version, 1u);
  EXPECT_EQ(engine_->status()[0].error, errors[0]);
  // Logged once, not at every pass.
  engine_->loadAll();
  const std::string log = log_.text();
  EXPECT_EQ(log.find("script compile failed"), log.rfind("script compile failed")) << log;
  script("rule", "return { handle = function() return 'v3' end }\n");
  EXPECT_TRUE(engine_->loadAll().empty());
  EXPECT_EQ(call("rule"), "v3");
  EXPECT_EQ(engine_->status()[0].version, 2u);
  EXPECT_EQ(engine_->status()[0].error, "");
}

TEST_F(ScriptCatalogTest, ATopLevelThatFailsOrReturnsNoTableIsRefusedLikeACompileError) {
  script("rule", "return { handle = function() return 'v1' end }\n");
  start();
  script("rule", "local x = nil\nlocal y = x.field\nreturn {}\n");
  auto errors = engine_->loadAll();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind("rule.lua:2: attempt to index local 'x'", 0), 0u) << errors[0];
  EXPECT_EQ(call("rule"), "v1");
  script("rule", "local function handle() return 'v2' end\nreturn handle\n");
  errors = engine_->loadAll();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "rule.lua must return a table of functions (it returned function)");
  EXPECT_EQ(call("rule"), "v1");
}

TEST_F(ScriptCatalogTest, ARemovedFileIsNotFoundAfterwards) {
  script("gone", "return { handle = function() return 1 end }\n");
  start();
  EXPECT_EQ(call("gone"), 1);
  std::filesystem::remove(dir_ / "gone.lua");
  engine_->loadAll();
  EXPECT_EQ(failure("gone"), Kind::kNotFound);
  EXPECT_TRUE(engine_->status().empty());
  EXPECT_NE(log_.text().find("script removed"), std::string::npos);
  script("gone", "return { handle = function() return 2 end }\n");  // back again
  engine_->loadAll();
  EXPECT_EQ(call("gone"), 2);
}

TEST_F(ScriptCatalogTest, TouchingAFileWithoutChangingItKeepsItsVersion) {
  script("same", "return { handle = function() return 1 end }\n");
  start();
  script("same", "return { handle = function() return 1 end }\n");
  engine_->loadAll();
  EXPECT_EQ(engine_->status()[0].version, 1u);
}

TEST_F(ScriptCatalogTest, AMissingScriptsDirectoryIsReported) {
  EngineOptions o = options();
  o.scripts_dir = dir_ / "absent";
  start(o);
  ASSERT_EQ(errors_.size(), 1u);
  EXPECT_NE(errors_[0].find("scripts directory not found"), std::string::npos);
}

}  // namespace
}  // namespace atrium::host::lua

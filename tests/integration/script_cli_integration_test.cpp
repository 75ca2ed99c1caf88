// `atrium script run` and `atrium script test` through the real binary.
#include <gtest/gtest.h>

#include "tests/support/test_server.hpp"

namespace atrium::testing {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class ScriptCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.write("scripts/lib/levels.lua", "return { step = 100 }\n");
    dir_.write("scripts/rules/xp.lua", R"(local levels = require("lib/levels")
local M = {}
function M.level_for(args)
  if args.xp < 0 then error("xp must be >= 0") end
  local level = math.floor(args.xp / levels.step) + 1
  return { level = level, next_level_xp = level * levels.step }
end
function M.handle(args) return { got = args } end
function M.db() local rows, err = require("atrium").db.query("select 1") return { rows = rows, err = err } end
return M
)");
  }
  std::string file(const std::string& relative) const { return (dir_ / relative).string(); }

  TempDir dir_{"atrium-script-cli"};
};

TEST_F(ScriptCliTest, RunPrintsTheResultAsPrettyJson) {
  dir_.write("in.json", R"({"xp": 250})");
  const auto result = runAtrium({"script", "run", file("scripts/rules/xp.lua"), "--function",
                                 "level_for", "--input", file("in.json")});
  EXPECT_EQ(result.exit_code, 0) << result.stderr_text;
  EXPECT_EQ(result.stdout_text, "{\n  \"level\": 3,\n  \"next_level_xp\": 300\n}\n");
}

TEST_F(ScriptCliTest, RunDefaultsToHandleWithAnEmptyObjectAndHasNoDatabase) {
  const auto result = runAtrium({"script", "run", file("scripts/rules/xp.lua")});
  EXPECT_EQ(result.exit_code, 0) << result.stderr_text;
  EXPECT_EQ(nlohmann::json::parse(result.stdout_text), nlohmann::json::parse(R"({"got":{}})"));
  const auto db = runAtrium({"script", "run", file("scripts/rules/xp.lua"), "--function=db"});
  EXPECT_EQ(db.exit_code, 0) << db.stderr_text;
  const auto answer = nlohmann::json::parse(db.stdout_text);
  EXPECT_FALSE(answer.contains("rows")) << db.stdout_text;
  EXPECT_TRUE(answer["err"].is_string()) << db.stdout_text;
}

TEST_F(ScriptCliTest, RunWithAnExplicitScriptsDirAndStdinInput) {
  RunOptions options;
  options.stdin_text = R"({"xp": 0})";
  const auto result = runAtrium({"script", "run", file("scripts/rules/xp.lua"), "--scripts-dir",
                                 file("scripts"), "--function", "level_for", "--input", "-"},
                                {}, options);
  EXPECT_EQ(result.exit_code, 0) << result.stderr_text;
  EXPECT_EQ(nlohmann::json::parse(result.stdout_text)["level"], 1);
}

TEST_F(ScriptCliTest, RunRuntimeErrorNamesKindFileAndLine) {
  dir_.write("in.json", R"({"xp": -1})");
  const auto result = runAtrium({"script", "run", file("scripts/rules/xp.lua"), "--function",
                                 "level_for", "--input", file("in.json")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(result.stdout_text.empty()) << result.stdout_text;
  EXPECT_TRUE(contains(result.stderr_text, "error: runtime: "));
  EXPECT_TRUE(contains(result.stderr_text, "rules/xp.lua:4:")) << result.stderr_text;
  EXPECT_TRUE(contains(result.stderr_text, "xp must be >= 0")) << result.stderr_text;
}

TEST_F(ScriptCliTest, RunCompileErrorNamesFileAndLine) {
  dir_.write("scripts/broken.lua",
             "local M = {}\n\nfunction M.handle(\n  return 1\nend\nreturn M\n");
  const auto result = runAtrium({"script", "run", file("scripts/broken.lua")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(contains(result.stderr_text, "error: compile: ")) << result.stderr_text;
  EXPECT_TRUE(contains(result.stderr_text, "broken.lua:4:")) << result.stderr_text;
}

TEST_F(ScriptCliTest, RunBadArgumentsAreUsageErrors) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"script", "run"},
           {"script", "run", file("scripts/rules/xp.lua"), "--bogus"},
           {"script", "run", file("scripts/missing.lua")},
           {"script", "run", file("scripts/rules/xp.lua"), "--input", file("nope.json")},
           {"script", "run", file("scripts/rules/xp.lua"), "--scripts-dir", file("scripts/lib")},
           {"script", "frobnicate"}}) {
    const auto result = runAtrium(args);
    EXPECT_EQ(result.exit_code, 2) << args.back() << "\n" << result.stderr_text;
    EXPECT_TRUE(contains(result.stderr_text, "atrium script")) << result.stderr_text;
  }
  const auto help = runAtrium({"script", "run", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_TRUE(contains(help.stdout_text, "Usage: atrium script run")) << help.stdout_text;
  const auto test_help = runAtrium({"script", "test", "--help"});
  EXPECT_EQ(test_help.exit_code, 0);
  EXPECT_TRUE(contains(test_help.stdout_text, "Usage: atrium script test"))
      << test_help.stdout_text;
}

TEST_F(ScriptCliTest, RunWithTheProductConfigGetsItsScriptConfigLimitsAndLogs) {
  dir_.write("scripts/rules/greet.lua", R"(local atrium = require("atrium")
return {
  handle = function() atrium.log.info("greeting", {who = "Ada"}) return {text = atrium.config.greeting} end,
  spin = function() local n = 0 while true do n = n + 1 end end,
})");
  dir_.write("config/app.yaml", R"(product: app
scripts:
  dir: ../scripts
  config:
    rules/greet: {greeting: "Salom"}
  limits:
    rules/greet: {instruction_limit: 100000}
)");
  const auto result = runAtrium(
      {"script", "run", file("scripts/rules/greet.lua"), "--config", file("config/app.yaml")});
  EXPECT_EQ(result.exit_code, 0) << result.stderr_text;
  EXPECT_EQ(nlohmann::json::parse(result.stdout_text)["text"], "Salom");
  EXPECT_FALSE(contains(result.stderr_text, "greeting")) << "info is below the default level";
  const auto logged = runAtrium({"script", "run", file("scripts/rules/greet.lua"), "--config",
                                 file("config/app.yaml"), "--log-level", "info"});
  EXPECT_EQ(logged.exit_code, 0) << logged.stderr_text;
  EXPECT_TRUE(contains(logged.stderr_text, "\"greeting\"")) << logged.stderr_text;
  const auto spin = runAtrium({"script", "run", file("scripts/rules/greet.lua"), "--config",
                               file("config/app.yaml"), "--function", "spin"});
  EXPECT_EQ(spin.exit_code, 1);
  EXPECT_TRUE(contains(spin.stderr_text, "instruction limit exceeded (100000)"))
      << "the per-script limit from the config: " << spin.stderr_text;
  // Without the config: atrium.config is {} and the default limit applies.
  const auto bare = runAtrium({"script", "run", file("scripts/rules/greet.lua")});
  EXPECT_EQ(bare.exit_code, 0) << bare.stderr_text;
  EXPECT_EQ(nlohmann::json::parse(bare.stdout_text), nlohmann::json::object());
  // A broken config or level is a usage error naming the problem.
  dir_.write("config/bad.yaml", "product: app\nscripts: {dirr: x}\n");
  const auto bad = runAtrium(
      {"script", "run", file("scripts/rules/greet.lua"), "--config", file("config/bad.yaml")});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(contains(bad.stderr_text, "bad.yaml:2")) << bad.stderr_text;
  const auto level =
      runAtrium({"script", "run", file("scripts/rules/greet.lua"), "--log-level", "chatty"});
  EXPECT_EQ(level.exit_code, 2);
  EXPECT_TRUE(contains(level.stderr_text, "unknown log level 'chatty'")) << level.stderr_text;
}

constexpr const char* kCases = R"(script: rules/xp
scripts_dir: ../scripts
function: level_for
cases:
  - name: zero xp is level 1
    input: {xp: 0}
    expect: {level: 1, next_level_xp: 100.0}
  - name: negative xp is an error
    input: {xp: -1}
    expect_error: "xp must be >= 0"
  - name: handle echoes
    function: handle
    input: [1, "two"]
    expect: {got: [1, "two"]}
)";

TEST_F(ScriptCliTest, TestPassesWhenEveryCasePasses) {
  dir_.write("cases/xp.cases.yaml", kCases);
  const auto result = runAtrium({"script", "test", file("cases")});
  EXPECT_EQ(result.exit_code, 0) << result.stdout_text << result.stderr_text;
  EXPECT_TRUE(contains(result.stdout_text, "ok   ")) << result.stdout_text;
  EXPECT_TRUE(contains(result.stdout_text, "zero xp is level 1")) << result.stdout_text;
  EXPECT_TRUE(contains(result.stdout_text, "3 passed, 0 failed")) << result.stdout_text;
}

TEST_F(ScriptCliTest, TestFailingCaseShowsTheDiff) {
  std::string cases = kCases;
  cases.replace(cases.find("next_level_xp: 100.0"), 20, "next_level_xp: 200");
  dir_.write("cases/xp.cases.yaml", cases);
  const auto result = runAtrium({"script", "test", file("cases")});
  EXPECT_EQ(result.exit_code, 1) << result.stdout_text << result.stderr_text;
  EXPECT_TRUE(contains(result.stdout_text, "FAIL " + file("cases/xp.cases.yaml") + ":5"))
      << result.stdout_text;
  EXPECT_TRUE(contains(result.stdout_text, "/next_level_xp: expected 200, got 100"))
      << result.stdout_text;
  EXPECT_TRUE(contains(result.stdout_text, "2 passed, 1 failed")) << result.stdout_text;
}

TEST_F(ScriptCliTest, TestMalformedCasesFileIsNamedAndRunsNothing) {
  dir_.write("cases/a.cases.yaml", kCases);
  dir_.write("cases/b.cases.yaml",
             "script: rules/xp\nscripts_dir: ../scripts\ncases:\n  - name: x\n");
  const auto result = runAtrium({"script", "test", file("cases")});
  EXPECT_EQ(result.exit_code, 2) << result.stdout_text;
  EXPECT_TRUE(contains(result.stderr_text, file("cases/b.cases.yaml") + ":4:"))
      << result.stderr_text;
  EXPECT_TRUE(result.stdout_text.empty()) << result.stdout_text;
}

TEST_F(ScriptCliTest, TestWithoutCasesFilesFailsAndMissingDirIsAUsageError) {
  std::filesystem::create_directories(dir_ / "empty");
  EXPECT_EQ(runAtrium({"script", "test", file("empty")}).exit_code, 1);
  EXPECT_EQ(runAtrium({"script", "test", file("nope")}).exit_code, 2);
}

}  // namespace
}  // namespace atrium::testing

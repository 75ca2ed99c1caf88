#include "host/cli/script_cases.hpp"

#include <gtest/gtest.h>

#include "tests/support/temp_dir.hpp"

namespace atrium::host::cli {
namespace {

using nlohmann::json;

class ScriptCasesTest : public ::testing::Test {
 protected:
  // Parses `text` as <temp>/tests/scripts/p/x.cases.yaml, next to <temp>/scripts/.
  ScriptCasesFile parse(const std::string& text) {
    std::filesystem::create_directories(dir_ / "scripts");
    return parseScriptCases(text, file_);
  }
  // The CasesFileError message parsing `text` gives (fails the test when it parses).
  std::string error(const std::string& text) {
    try {
      parse(text);
      ADD_FAILURE() << "parsed: " << text;
    } catch (const CasesFileError& e) {
      return e.what();
    }
    return {};
  }

  atrium::testing::TempDir dir_{"atrium-cases-test"};
  std::filesystem::path file_ = dir_ / "tests/scripts/p/x.cases.yaml";
};

TEST_F(ScriptCasesTest, ParsesCasesWithDefaultsAndOverrides) {
  const auto parsed = parse(R"(script: kaya/rules/xp
function: level_for
cases:
  - name: zero xp is level 1
    input: {xp: 0, ratio: 1.5, tag: "007", on: true, none: ~}
    expect: {level: 1, next_level_xp: 100}
  - name: other function, default input
    function: other
    expect_error: "xp must be >= 0"
)");
  EXPECT_EQ(parsed.script, "kaya/rules/xp");
  EXPECT_EQ(parsed.scripts_dir, dir_ / "scripts");
  ASSERT_EQ(parsed.cases.size(), 2u);
  const ScriptCase& first = parsed.cases[0];
  EXPECT_EQ(first.name, "zero xp is level 1");
  EXPECT_EQ(first.line, 4);
  EXPECT_EQ(first.function, "level_for");
  EXPECT_EQ(first.input, json::parse(R"({"xp":0,"ratio":1.5,"tag":"007","on":true,"none":null})"));
  EXPECT_TRUE(first.input["xp"].is_number_integer());
  EXPECT_EQ(first.expect, json::parse(R"({"level":1,"next_level_xp":100})"));
  EXPECT_FALSE(first.expect_error.has_value());
  const ScriptCase& second = parsed.cases[1];
  EXPECT_EQ(second.function, "other");
  EXPECT_EQ(second.input, json::object());
  EXPECT_EQ(second.expect_error, "xp must be >= 0");
  EXPECT_FALSE(second.expect.has_value());
}

TEST_F(ScriptCasesTest, FunctionDefaultsToHandleAndScriptsDirIsRelativeToTheFile) {
  std::filesystem::create_directories(dir_ / "elsewhere");
  const auto parsed = parse(
      "script: a\nscripts_dir: ../../../elsewhere\ncases:\n  - {name: n, expect: [1, \"x\"]}\n");
  EXPECT_EQ(parsed.scripts_dir, dir_ / "elsewhere");
  EXPECT_EQ(parsed.cases[0].function, "handle");
  EXPECT_EQ(parsed.cases[0].expect, json::parse(R"([1,"x"])"));
}

TEST_F(ScriptCasesTest, MalformedFilesNameFileAndLine) {
  const std::string where = file_.string() + ":";
  EXPECT_EQ(error("script: a\ncases:\n  - name: n\n    expect: 1\n    expekt: 2\n"),
            where + "5: unknown key 'expekt' in case 1");
  EXPECT_EQ(error("script: a\ncases:\n  - name: n\n    input: 1\n"),
            where + "3: case 'n' needs exactly one of 'expect' or 'expect_error'");
  EXPECT_EQ(error("script: a\ncases:\n  - name: n\n    expect: 1\n    expect_error: x\n"),
            where + "3: case 'n' needs exactly one of 'expect' or 'expect_error'");
  EXPECT_EQ(error("cases:\n  - {name: n, expect: 1}\n"), where + "1: missing key 'script'");
  EXPECT_EQ(error("script: a\ncases: []\n"), where + "2: 'cases' must be a non-empty list");
  EXPECT_EQ(error("script: a\nscripts_dir: nope\ncases:\n  - {name: n, expect: 1}\n"),
            where + "2: no such directory: " + (file_.parent_path() / "nope").string());
  EXPECT_EQ(error("script: a\ncolour: red\ncases: []\n"), where + "2: unknown key 'colour'");
  const std::string syntax = error("script: a\ncases:\n  - name: [unclosed\n");
  EXPECT_EQ(syntax.rfind(where, 0), 0u) << syntax;
  EXPECT_EQ(error("- just a list\n"),
            where + "1: a cases file is a mapping with 'script' and 'cases'");
}

TEST_F(ScriptCasesTest, WithoutScriptsDirAndNoScriptsFolderAboveItIsAnError) {
  // The file's own tests/scripts folder does not count as the scripts directory.
  std::filesystem::create_directories(file_.parent_path());
  const std::string message = [&] {
    try {
      parseScriptCases("script: a\ncases:\n  - {name: n, expect: 1}\n", file_);
    } catch (const CasesFileError& e) {
      return std::string(e.what());
    }
    return std::string("parsed");
  }();
  EXPECT_EQ(message,
            file_.string() + ":1: no 'scripts_dir' and no scripts/ directory above this file");
}

TEST_F(ScriptCasesTest, FindsCasesFilesRecursivelySorted) {
  dir_.write("t/b/y.cases.yaml", "");
  dir_.write("t/a.cases.yaml", "");
  dir_.write("t/a.yaml", "");
  dir_.write("t/.cases.yaml", "");
  const auto files = findScriptCasesFiles(dir_ / "t");
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0], dir_ / "t/a.cases.yaml");
  EXPECT_EQ(files[1], dir_ / "t/b/y.cases.yaml");
}

TEST_F(ScriptCasesTest, LoadNamesAnUnreadableFile) {
  EXPECT_THROW(loadScriptCases(dir_ / "missing.cases.yaml"), CasesFileError);
}

}  // namespace
}  // namespace atrium::host::cli

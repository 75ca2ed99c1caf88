// The product staff's script test cases (tests/scripts/**/*.cases.yaml, docs/scripting.md ("Trying
// and testing a script")) as one parameterised GoogleTest: every case is its own test, named after
// its file and line, run through the production engine exactly as `atrium script test` runs it.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "host/cli/script_case_check.hpp"
#include "host/cli/script_cases.hpp"
#include "host/cli/script_runner.hpp"

namespace atrium::host::cli {
namespace {

struct CaseRef {
  std::shared_ptr<const ScriptCasesFile> file;  // null: the file did not parse (see error)
  size_t index = 0;
  std::string error;
  std::string name;  // test name: file path and line, [A-Za-z0-9_] only
};

std::string testName(const std::filesystem::path& relative, int line) {
  std::string name = relative.string() + "_" + std::to_string(line);
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

std::vector<CaseRef> allCases() {
  const std::filesystem::path root = std::filesystem::path(ATRIUM_SOURCE_DIR) / "tests/scripts";
  std::vector<CaseRef> out;
  for (const auto& path : findScriptCasesFiles(root)) {
    const auto relative = std::filesystem::relative(path, root);
    try {
      auto file = std::make_shared<const ScriptCasesFile>(loadScriptCases(path));
      for (size_t i = 0; i < file->cases.size(); ++i) {
        out.push_back(CaseRef{file, i, {}, testName(relative, file->cases[i].line)});
      }
    } catch (const CasesFileError& e) {
      out.push_back(CaseRef{nullptr, 0, e.what(), testName(relative, 0)});
    }
  }
  return out;
}

// gtest prints parameters in test listings: the case's name, not its bytes.
void PrintTo(const CaseRef& ref, std::ostream* out) { *out << ref.name; }

// One engine per scripts directory for the whole suite, as `atrium script test` keeps them.
ScriptRunner& runnerFor(const std::filesystem::path& dir) {
  static common::LogSink logs{2};
  static std::map<std::string, std::unique_ptr<ScriptRunner>> runners;
  auto& slot = runners[dir.string()];
  if (!slot) {
    logs.setMinLevel(common::LogLevel::kError);
    slot = std::make_unique<ScriptRunner>(dir, logs);
  }
  return *slot;
}

class ScriptCasesTest : public ::testing::TestWithParam<CaseRef> {};
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(ScriptCasesTest);

TEST_P(ScriptCasesTest, Passes) {
  const CaseRef& ref = GetParam();
  ASSERT_NE(ref.file, nullptr) << ref.error;
  const ScriptCase& c = ref.file->cases[ref.index];
  ScriptRunner& runner = runnerFor(ref.file->scripts_dir);
  ASSERT_TRUE(runner.compileErrors().empty()) << runner.compileErrors().front();
  const CaseVerdict verdict = checkScriptCase(c, runScriptCase(runner, ref.file->script, c));
  EXPECT_TRUE(verdict.passed) << ref.file->file.string() << ":" << c.line << " " << ref.file->script
                              << "." << c.function << ": " << c.name << "\n"
                              << verdict.detail;
}

std::string caseName(const ::testing::TestParamInfo<CaseRef>& param) { return param.param.name; }

INSTANTIATE_TEST_SUITE_P(Scripts, ScriptCasesTest, ::testing::ValuesIn(allCases()), caseName);

}  // namespace
}  // namespace atrium::host::cli

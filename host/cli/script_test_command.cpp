#include <iostream>
#include <map>
#include <memory>
#include <stdexcept>

#include "host/cli/arguments.hpp"
#include "host/cli/commands.hpp"
#include "host/cli/script_case_check.hpp"
#include "host/cli/script_cases.hpp"
#include "host/cli/script_runner.hpp"

namespace atrium::host::cli {

namespace {
constexpr const char* kScriptTestHelp = R"(Usage: atrium script test [DIR]

Runs every case of every *.cases.yaml file under DIR (default: tests/scripts) through the
production engine (no database) and compares each result with the expected JSON (numbers by
value: 1 == 1.0) or each error with the expected message part. Prints one line per case, ok or
FAIL (with expected vs got), then "N passed, M failed". The file format is in
docs/scripting.md ("Trying and testing a script").
Exit status: 0 when every case passes; 1 when one fails (or DIR holds no cases file);
2 on bad arguments or a malformed cases file (named as file:line).
)";

std::filesystem::path parseDir(const std::vector<std::string>& args, bool& help) {
  const auto parsed = Arguments::parse(args, {}, {"help"});
  help = parsed.flag("help");
  if (parsed.positionals().size() > 1) throw std::invalid_argument("expected at most one DIR");
  const std::filesystem::path dir =
      parsed.positionals().empty() ? "tests/scripts" : parsed.positionals()[0];
  if (!help && !std::filesystem::is_directory(dir)) {
    throw std::invalid_argument("no such directory: " + dir.string());
  }
  return dir;
}

class CaseRunner {
 public:
  explicit CaseRunner(std::ostream& out) : out_(out) {
    logs_.setMinLevel(common::LogLevel::kError);
  }

  void runFile(const ScriptCasesFile& file) {
    ScriptRunner& runner = runnerFor(file.scripts_dir);
    for (const ScriptCase& c : file.cases) {
      const CaseVerdict verdict = checkScriptCase(c, runScriptCase(runner, file.script, c));
      out_ << (verdict.passed ? "ok   " : "FAIL ") << file.file.string() << ":" << c.line << " "
           << file.script << "." << c.function << ": " << c.name << "\n";
      if (!verdict.passed) out_ << "     " << verdict.detail << "\n";
      ++(verdict.passed ? passed_ : failed_);
    }
  }
  int passed() const { return passed_; }
  int failed() const { return failed_; }

 private:
  ScriptRunner& runnerFor(const std::filesystem::path& dir) {
    auto& slot = runners_[dir.string()];
    if (!slot) slot = std::make_unique<ScriptRunner>(dir, logs_);
    return *slot;
  }

  std::ostream& out_;
  common::LogSink logs_{2};
  std::map<std::string, std::unique_ptr<ScriptRunner>> runners_;
  int passed_ = 0;
  int failed_ = 0;
};

}  // namespace

int scriptTestCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::filesystem::path dir;
  try {
    bool help = false;
    dir = parseDir(args, help);
    if (help) {
      out << kScriptTestHelp;
      return 0;
    }
  } catch (const std::invalid_argument& e) {
    err << "atrium script test: " << e.what() << "\n" << kScriptTestHelp;
    return 2;
  }
  std::vector<ScriptCasesFile> files;
  bool malformed = false;
  for (const auto& path : findScriptCasesFiles(dir)) {
    try {
      files.push_back(loadScriptCases(path));
    } catch (const CasesFileError& e) {
      err << e.what() << "\n";
      malformed = true;
    }
  }
  if (malformed) return 2;
  if (files.empty()) {
    err << "atrium script test: no *.cases.yaml file under " << dir.string() << "\n";
    return 1;
  }
  try {
    CaseRunner runner(out);
    for (const auto& file : files) runner.runFile(file);
    out << runner.passed() << " passed, " << runner.failed() << " failed\n";
    return runner.failed() == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    err << "error: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace atrium::host::cli

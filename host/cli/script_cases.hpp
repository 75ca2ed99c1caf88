#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace atrium::host::cli {

// One case of a *.cases.yaml file (docs/scripting.md ("Trying and testing a script")): call
// `function` with `input` and expect either a result equal to `expect` or an error whose message
// contains `expect_error`.
struct ScriptCase {
  std::string name;
  int line = 0;  // 1-based line of the case in the file
  std::string function;
  nlohmann::json input;
  std::optional<nlohmann::json> expect;
  std::optional<std::string> expect_error;
};

struct ScriptCasesFile {
  std::filesystem::path file;
  std::string script;                 // script id under scripts_dir
  std::filesystem::path scripts_dir;  // absolute (or as given, resolved against the file)
  std::vector<ScriptCase> cases;
};

// A malformed cases file; what() is "file:line: message".
class CasesFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses the text of a cases file. `file` names it in errors and anchors a relative
// `scripts_dir`; without `scripts_dir` the default is the nearest ancestor directory D of the
// file that has a D/scripts directory not containing the file (the repository's scripts/).
// Throws CasesFileError.
ScriptCasesFile parseScriptCases(const std::string& text, const std::filesystem::path& file);

// Reads and parses a cases file. Throws CasesFileError (also when it cannot be read).
ScriptCasesFile loadScriptCases(const std::filesystem::path& file);

// Every *.cases.yaml under `dir` (recursively), sorted.
std::vector<std::filesystem::path> findScriptCasesFiles(const std::filesystem::path& dir);

}  // namespace atrium::host::cli

#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "host/cli/script_cases.hpp"
#include "host/cli/script_runner.hpp"

namespace atrium::host::cli {

// JSON equality for expected results: numbers compare by value (1 == 1.0), objects by keys
// regardless of order, arrays element by element.
bool jsonMatches(const nlohmann::json& expected, const nlohmann::json& got);

// Where `got` first differs from `expected`, "/path: expected X, got Y"; nullopt when they match.
std::optional<std::string> firstDifference(const nlohmann::json& expected,
                                           const nlohmann::json& got);

// What a script call produced: a result, or the error message (ScriptError::what()).
struct CaseOutcome {
  std::optional<nlohmann::json> result;
  std::optional<std::string> error;  // "<kind>: file:line: message"
};

struct CaseVerdict {
  bool passed = false;
  std::string detail;  // empty when passed; otherwise lines explaining expected vs got
};

// Calls the case's function of `script` through `runner`: its result, or the described error.
CaseOutcome runScriptCase(ScriptRunner& runner, const std::string& script,
                          const ScriptCase& script_case);

// Judges one case against what its call produced.
CaseVerdict checkScriptCase(const ScriptCase& script_case, const CaseOutcome& outcome);

}  // namespace atrium::host::cli

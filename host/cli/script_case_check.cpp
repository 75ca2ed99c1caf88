#include "host/cli/script_case_check.hpp"

#include <algorithm>

namespace atrium::host::cli {
namespace {

using nlohmann::json;

bool numbersEqual(const json& a, const json& b) {
  if (a.is_number_float() || b.is_number_float()) return a.get<double>() == b.get<double>();
  if (a.is_number_unsigned() && b.is_number_unsigned()) {
    return a.get<uint64_t>() == b.get<uint64_t>();
  }
  if (a.is_number_unsigned() || b.is_number_unsigned()) {
    const json& u = a.is_number_unsigned() ? a : b;
    const json& s = a.is_number_unsigned() ? b : a;
    return s.get<int64_t>() >= 0 && static_cast<uint64_t>(s.get<int64_t>()) == u.get<uint64_t>();
  }
  return a.get<int64_t>() == b.get<int64_t>();
}

std::string escapeKey(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::optional<std::string> differenceAt(const std::string& path, const json& expected,
                                        const json& got) {
  const auto mismatch = [&]() -> std::optional<std::string> {
    return (path.empty() ? std::string("/") : path) + ": expected " + expected.dump() + ", got " +
           got.dump();
  };
  if (expected.is_number() && got.is_number()) {
    return numbersEqual(expected, got) ? std::nullopt : mismatch();
  }
  if (expected.type() != got.type()) return mismatch();
  if (expected.is_array()) {
    const size_t common = std::min(expected.size(), got.size());
    for (size_t i = 0; i < common; ++i) {
      if (auto d = differenceAt(path + "/" + std::to_string(i), expected[i], got[i])) return d;
    }
    if (expected.size() != got.size()) {
      return (path.empty() ? std::string("/") : path) + ": expected " +
             std::to_string(expected.size()) + " items, got " + std::to_string(got.size());
    }
    return std::nullopt;
  }
  if (expected.is_object()) {
    for (const auto& [key, value] : expected.items()) {
      const std::string child = path + "/" + escapeKey(key);
      if (!got.contains(key)) return child + ": missing (expected " + value.dump() + ")";
      if (auto d = differenceAt(child, value, got.at(key))) return d;
    }
    for (const auto& [key, value] : got.items()) {
      if (!expected.contains(key)) {
        return path + "/" + escapeKey(key) + ": unexpected (got " + value.dump() + ")";
      }
    }
    return std::nullopt;
  }
  return expected == got ? std::nullopt : mismatch();
}

}  // namespace

std::optional<std::string> firstDifference(const json& expected, const json& got) {
  return differenceAt("", expected, got);
}

bool jsonMatches(const json& expected, const json& got) {
  return !firstDifference(expected, got).has_value();
}

CaseVerdict checkScriptCase(const ScriptCase& script_case, const CaseOutcome& outcome) {
  if (script_case.expect_error) {
    if (outcome.error) {
      if (outcome.error->find(*script_case.expect_error) != std::string::npos) return {true, {}};
      return {false, "expected error containing: " + *script_case.expect_error +
                         "\n     got error: " + *outcome.error};
    }
    return {false, "expected error containing: " + *script_case.expect_error +
                       "\n     got result: " + outcome.result.value_or(nullptr).dump()};
  }
  const json& expected = script_case.expect.value();
  if (outcome.error) {
    return {false, "expected: " + expected.dump() + "\n     got error: " + *outcome.error};
  }
  const json got = outcome.result.value_or(nullptr);
  if (auto difference = firstDifference(expected, got)) {
    return {false, "expected: " + expected.dump() + "\n     got:      " + got.dump() +
                       "\n     first difference at " + *difference};
  }
  return {true, {}};
}

CaseOutcome runScriptCase(ScriptRunner& runner, const std::string& script,
                          const ScriptCase& script_case) {
  CaseOutcome outcome;
  try {
    outcome.result = runner.call(script, script_case.function, script_case.input);
  } catch (const lua::ScriptError& e) {
    outcome.error = describeScriptError(e);
  }
  return outcome;
}

}  // namespace atrium::host::cli

#include "host/cli/script_cases.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <yaml-cpp/yaml.h>

namespace atrium::host::cli {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const fs::path& file, int line, const std::string& message) {
  throw CasesFileError(file.string() + ":" + std::to_string(line) + ": " + message);
}

int lineOf(const YAML::Node& node) { return node.Mark().line + 1; }

// Plain YAML scalars take their JSON type (null, bool, integer, number); quoted ones are strings.
nlohmann::json scalarToJson(const YAML::Node& node) {
  const std::string& text = node.Scalar();
  if (node.Tag() == "!") return text;
  if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL") {
    return nullptr;
  }
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  int64_t integer = 0;
  if (YAML::convert<int64_t>::decode(node, integer)) return integer;
  double number = 0;
  if (YAML::convert<double>::decode(node, number)) return number;
  return text;
}

nlohmann::json toJson(const YAML::Node& node, const fs::path& file) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined: return nullptr;
    case YAML::NodeType::Scalar: return scalarToJson(node);
    case YAML::NodeType::Sequence: {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& item : node) out.push_back(toJson(item, file));
      return out;
    }
    case YAML::NodeType::Map: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& entry : node) {
        if (!entry.first.IsScalar()) fail(file, lineOf(entry.first), "keys must be strings");
        out[entry.first.Scalar()] = toJson(entry.second, file);
      }
      return out;
    }
  }
  return nullptr;
}

void rejectUnknownKeys(const YAML::Node& map, const std::set<std::string>& known,
                       const fs::path& file, const std::string& where) {
  for (const auto& entry : map) {
    const std::string key = entry.first.Scalar();
    if (!known.count(key)) fail(file, lineOf(entry.first), "unknown key '" + key + "'" + where);
  }
}

std::string requireString(const YAML::Node& parent, const std::string& key, const fs::path& file) {
  const YAML::Node node = parent[key];
  if (!node) fail(file, lineOf(parent), "missing key '" + key + "'");
  if (!node.IsScalar() || node.Scalar().empty()) {
    fail(file, lineOf(node), "'" + key + "' must be a non-empty string");
  }
  return node.Scalar();
}

fs::path defaultScriptsDir(const fs::path& file) {
  const fs::path absolute = fs::absolute(file).lexically_normal();
  for (fs::path dir = absolute.parent_path(); !dir.empty(); dir = dir.parent_path()) {
    const fs::path candidate = dir / "scripts";
    const auto [end, ignored] = std::mismatch(candidate.begin(), candidate.end(), absolute.begin());
    const bool holds_file = end == candidate.end();
    if (!holds_file && fs::is_directory(candidate)) return candidate;
    if (dir == dir.parent_path()) break;
  }
  fail(file, 1, "no 'scripts_dir' and no scripts/ directory above this file");
}

ScriptCase parseCase(const YAML::Node& node, size_t index, const std::string& default_function,
                     const fs::path& file) {
  if (!node.IsMap()) fail(file, lineOf(node), "a case must be a mapping");
  ScriptCase out;
  out.line = lineOf(node);
  const std::string where = " in case " + std::to_string(index + 1);
  rejectUnknownKeys(node, {"name", "function", "input", "expect", "expect_error"}, file, where);
  out.name = requireString(node, "name", file);
  out.function = node["function"] ? requireString(node, "function", file) : default_function;
  out.input = node["input"] ? toJson(node["input"], file) : nlohmann::json::object();
  if (node["expect"]) out.expect = toJson(node["expect"], file);
  if (node["expect_error"]) out.expect_error = requireString(node, "expect_error", file);
  if (out.expect.has_value() == out.expect_error.has_value()) {
    fail(file, out.line, "case '" + out.name + "' needs exactly one of 'expect' or 'expect_error'");
  }
  return out;
}

}  // namespace

ScriptCasesFile parseScriptCases(const std::string& text, const fs::path& file) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    fail(file, e.mark.line + 1, e.msg);
  }
  if (!root.IsMap()) fail(file, 1, "a cases file is a mapping with 'script' and 'cases'");
  rejectUnknownKeys(root, {"script", "scripts_dir", "function", "cases"}, file, "");
  ScriptCasesFile out;
  out.file = file;
  out.script = requireString(root, "script", file);
  if (root["scripts_dir"]) {
    const fs::path dir = requireString(root, "scripts_dir", file);
    out.scripts_dir = (fs::absolute(file).parent_path() / dir).lexically_normal();
    if (!fs::is_directory(out.scripts_dir)) {
      fail(file, lineOf(root["scripts_dir"]), "no such directory: " + out.scripts_dir.string());
    }
  } else {
    out.scripts_dir = defaultScriptsDir(file);
  }
  const std::string function =
      root["function"] ? requireString(root, "function", file) : std::string("handle");
  const YAML::Node cases = root["cases"];
  if (!cases) fail(file, lineOf(root), "missing key 'cases'");
  if (!cases.IsSequence() || cases.size() == 0) {
    fail(file, lineOf(cases), "'cases' must be a non-empty list");
  }
  for (size_t i = 0; i < cases.size(); ++i) {
    out.cases.push_back(parseCase(cases[i], i, function, file));
  }
  return out;
}

ScriptCasesFile loadScriptCases(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw CasesFileError(file.string() + ":1: cannot read the file");
  std::ostringstream text;
  text << in.rdbuf();
  return parseScriptCases(text.str(), file);
}

std::vector<fs::path> findScriptCasesFiles(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    const std::string suffix = ".cases.yaml";
    if (entry.is_regular_file() && name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      out.push_back(entry.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace atrium::host::cli

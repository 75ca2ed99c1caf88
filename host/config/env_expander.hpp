#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace atrium::host::config {

// Looks up an environment variable (injectable for tests).
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// Expands environment references in the scalar values of a parsed YAML tree (never in keys;
// comments are gone after parsing):
//   ${NAME}            the variable's value; an error when it is not set
//   ${NAME:-fallback}  the value, or `fallback` when the variable is unset or empty
//   $${                a literal "${"
// NAME is [A-Za-z_][A-Za-z0-9_]*. A substituted scalar stays a string but is tagged
// kExpandedTag (yaml_scalar.hpp), so the validator accepts "${PORT}" where an integer is
// expected and never prints its value.
class EnvExpander {
 public:
  // Problems are appended to `errors` as "file:line:col: key.path: message".
  EnvExpander(const EnvLookup& env, std::string_view file, std::vector<std::string>& errors)
      : env_(env), file_(file), errors_(errors) {}

  // Rewrites every scalar value under `node` in place. `path` names `node` in messages.
  void expandTree(YAML::Node node, const std::string& path);

  // Expands one text; nullopt when it is malformed or names an unset variable (the error is
  // appended, located at `mark`). `substituted` tells whether any ${...} was replaced.
  std::optional<std::string> expandText(std::string_view text, const YAML::Mark& mark,
                                        const std::string& path, bool& substituted);

 private:
  void expandScalar(YAML::Node scalar, const std::string& path);
  void error(const YAML::Mark& mark, const std::string& path, const std::string& message);
  // Appends the value of the reference `inner` (the text between "${" and "}"); false on error.
  bool substitute(std::string_view inner, const YAML::Mark& mark, const std::string& path,
                  std::string& out);

  const EnvLookup& env_;
  std::string file_;
  std::vector<std::string>& errors_;
  std::vector<YAML::Node> rewritten_;  // scalars already expanded (aliases share nodes)
};

}  // namespace atrium::host::config

#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace atrium::host::cli {

// Parsed command-line arguments: positionals and `--name value` / `--name=value` / `--flag`.
class Arguments {
 public:
  // `value_options` take a value; `flag_options` do not. Anything else starting with "--" is an
  // error (std::invalid_argument naming it), as is a value option without its value.
  static Arguments parse(const std::vector<std::string>& args,
                         const std::set<std::string>& value_options,
                         const std::set<std::string>& flag_options);

  const std::vector<std::string>& positionals() const { return positionals_; }
  std::optional<std::string> value(const std::string& name) const;
  bool flag(const std::string& name) const { return flags_.count(name) > 0; }

 private:
  std::vector<std::string> positionals_;
  std::map<std::string, std::string> values_;
  std::set<std::string> flags_;
};

}  // namespace atrium::host::cli

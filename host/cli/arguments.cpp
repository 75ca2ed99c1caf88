#include "host/cli/arguments.hpp"

#include <stdexcept>

namespace atrium::host::cli {

Arguments Arguments::parse(const std::vector<std::string>& args,
                           const std::set<std::string>& value_options,
                           const std::set<std::string>& flag_options) {
  Arguments out;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--", 0) != 0 || arg == "--") {
      out.positionals_.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2);
    std::optional<std::string> inline_value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (flag_options.count(name)) {
      if (inline_value) throw std::invalid_argument("option --" + name + " takes no value");
      out.flags_.insert(name);
    } else if (value_options.count(name)) {
      if (inline_value) {
        out.values_[name] = *inline_value;
      } else if (i + 1 < args.size()) {
        out.values_[name] = args[++i];
      } else {
        throw std::invalid_argument("option --" + name + " needs a value");
      }
    } else {
      throw std::invalid_argument("unknown option --" + name);
    }
  }
  return out;
}

std::optional<std::string> Arguments::value(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

}  // namespace atrium::host::cli

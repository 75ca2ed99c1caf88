#include <iostream>
#include <stdexcept>

#include "host/cli/arguments.hpp"
#include "host/cli/commands.hpp"
#include "host/plugin/plugin_info.hpp"

namespace atrium::host::cli {

namespace {
constexpr const char* kInfoHelp = R"(Usage: atrium plugin info FILE.so

Loads the plugin (without starting it) and prints its name, version, the ABI version it was
built for, its handler ids and its config schema. Exits 1 when the file cannot be loaded.
)";
}  // namespace

int pluginInfoCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  try {
    auto parsed = Arguments::parse(args, {}, {"help"});
    if (parsed.flag("help")) {
      out << kInfoHelp;
      return 0;
    }
    if (parsed.positionals().size() != 1) {
      err << "atrium plugin info: expected exactly one plugin file\n" << kInfoHelp;
      return 2;
    }
    out << plugin::renderPluginInfo(plugin::inspectPlugin(parsed.positionals()[0]));
    return 0;
  } catch (const std::invalid_argument& e) {
    err << "atrium plugin info: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    err << e.what() << "\n";
    return 1;
  }
}

}  // namespace atrium::host::cli

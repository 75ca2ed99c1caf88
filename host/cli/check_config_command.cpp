#include <iostream>
#include <stdexcept>

#include "host/cli/application.hpp"
#include "host/cli/arguments.hpp"
#include "host/cli/commands.hpp"
#include "host/cli/config_options.hpp"
#include "host/config/config_error.hpp"

namespace atrium::host::cli {

namespace {
constexpr const char* kCheckHelp = R"(Usage: atrium check-config --config FILE

Validates the config against the host schema, loads every plugin, validates each plugin's
config block against the plugin's own schema and compiles the routes, exactly as `serve`
would, without opening a port. Also parses database.url (or ATRIUM_DATABASE_URL) and checks the
migration files of the host and of every plugin's sql owners for that backend, without
connecting to the database. Exits 0 when everything is valid; otherwise prints one line per
problem (file:line:column: key: message, or the migration file and what is wrong) and exits 1.
)";
}  // namespace

int checkConfigCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  common::LogSink logs(2);
  logs.setMinLevel(common::LogLevel::kWarn);
  try {
    auto parsed = Arguments::parse(args, {"config", "listen"}, {"help"});
    if (parsed.flag("help")) {
      out << kCheckHelp;
      return 0;
    }
    auto config = loadConfigFromArguments(parsed);
    Application app(std::move(config), logs);
    app.check();
    out << "config OK: " << app.config().source_file << " (" << app.config().plugins.size()
        << " plugins, " << app.config().routes.size() << " routes)\n";
    return 0;
  } catch (const config::ConfigError& e) {
    for (const auto& message : e.messages()) err << message << "\n";
  } catch (const std::invalid_argument& e) {
    err << "atrium check-config: " << e.what() << "\n" << kCheckHelp;
    return 2;
  } catch (const std::exception& e) {
    err << e.what() << "\n";
  }
  return 1;
}

}  // namespace atrium::host::cli

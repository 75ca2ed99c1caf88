#include <iostream>
#include <stdexcept>

#include "host/cli/application.hpp"
#include "host/cli/arguments.hpp"
#include "host/cli/commands.hpp"
#include "host/cli/config_options.hpp"
#include "host/config/config_error.hpp"
#include "host/db/migration_error.hpp"

namespace atrium::host::cli {

namespace {
constexpr const char* kServeHelp = R"(Usage: atrium serve --config FILE [--listen HOST:PORT]

Loads the config and its plugins, opens the database (database.url or ATRIUM_DATABASE_URL)
and brings its schema up to date before any plugin starts: with database.migrate auto (the
default on SQLite) pending migrations are applied; with manual (the default on PostgreSQL) the
server refuses to start while any is pending (run `atrium migrate --config FILE`). Then it
serves HTTP until SIGTERM or SIGINT, after which it stops accepting connections, finishes
in-flight requests (server.drain_timeout) and exits 0. Exits 1 on a config, plugin, database
or migration error (printed on stderr), 2 on bad arguments.
  --config FILE        the product's YAML config (required)
  --listen HOST:PORT   overrides server.listen and ATRIUM_LISTEN (port 0 picks a free port;
                       the chosen port is in the "listening" log line)
)";
}  // namespace

int serveCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  common::LogSink logs(2);
  try {
    auto parsed = Arguments::parse(args, {"config", "listen"}, {"help"});
    if (parsed.flag("help")) {
      out << kServeHelp;
      return 0;
    }
    auto config = loadConfigFromArguments(parsed);
    logs.setMinLevel(common::parseLogLevel(config.logging.level));
    Application app(std::move(config), logs);
    app.prepare();
    return app.serve();
  } catch (const config::ConfigError& e) {
    for (const auto& message : e.messages()) err << "atrium: " << message << "\n";
  } catch (const db::MigrationError& e) {
    for (const auto& message : e.messages()) err << "atrium: " << message << "\n";
  } catch (const std::invalid_argument& e) {
    err << "atrium serve: " << e.what() << "\n" << kServeHelp;
    return 2;
  } catch (const std::exception& e) {
    err << "atrium: " << e.what() << "\n";
  }
  return 1;
}

}  // namespace atrium::host::cli

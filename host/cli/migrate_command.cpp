#include <iostream>
#include <stdexcept>

#include "host/cli/arguments.hpp"
#include "host/cli/commands.hpp"
#include "host/cli/config_options.hpp"
#include "host/cli/database_setup.hpp"
#include "host/cli/migration_report.hpp"
#include "host/config/config_error.hpp"
#include "host/db/migration_file_name.hpp"
#include "host/db/migrator.hpp"
#include "host/plugin/plugin_manager.hpp"

namespace atrium::host::cli {

namespace {
constexpr const char* kMigrateHelp = R"(Usage: atrium migrate --config FILE [--status]

Applies the pending database migrations of the host and of every plugin the config loads
(plugins are loaded, not started, to learn their sql/ owners), in order, each in its own
transaction together with its record in atrium_schema_migrations, and prints what it applied.
Several instances may run it at once: each migration is applied exactly once.
  --config FILE   the product's YAML config (required); ATRIUM_DATABASE_URL, when set,
                  overrides database.url
  --status        apply nothing; list every migration per owner as applied (with its time),
                  pending, changed (edited after it was applied) or missing-file
Exit status: 0 done (with --status: also when migrations are pending); 1 on a config,
plugin, database or migration error, and with --status when an applied migration changed;
2 on bad arguments.
)";

int printStatus(db::Migrator& migrator, const db::DatabaseUrl& url,
                const db::MigrationCatalog& catalog, std::ostream& out) {
  const std::vector<db::MigrationStatus> list = migrator.status();
  printMigrationStatus(out, url, catalog, list);
  return countState(list, db::MigrationState::kChanged) > 0 ? 1 : 0;
}

int applyPending(db::Migrator& migrator, const db::DatabaseUrl& url, std::ostream& out) {
  out << "database: " << url.display << "\n";
  const auto applied = migrator.apply([&](const db::Migration& m, std::chrono::milliseconds took) {
    out << "applied " << m.owner << "/" << db::migrationNumber(m.version) << " " << m.name << " ("
        << m.file.string() << ") in " << took.count() << " ms\n";
  });
  if (applied.empty()) {
    out << "nothing to apply: the database is up to date\n";
  } else {
    out << applied.size() << " migration(s) applied; the database is up to date\n";
  }
  return 0;
}

int runMigrate(const Arguments& parsed, std::ostream& out, const common::LogSink& logs) {
  const config::HostConfig config = loadConfigFromArguments(parsed);
  plugin::PluginManager plugins(logs);
  plugins.load(config);
  const db::DatabaseUrl url = parseConfiguredUrl(config.database);
  const db::MigrationCatalog catalog = loadMigrationCatalog(config.database, plugins, url.backend);
  const auto pool = openDatabase(config.database, url, common::Logger(logs, "host.db"));
  db::Migrator migrator(*pool, catalog);
  return parsed.flag("status") ? printStatus(migrator, url, catalog, out)
                               : applyPending(migrator, url, out);
}

}  // namespace

int migrateCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  common::LogSink logs(2);
  logs.setMinLevel(common::LogLevel::kWarn);
  try {
    const auto parsed = Arguments::parse(args, {"config"}, {"status", "help"});
    if (parsed.flag("help")) {
      out << kMigrateHelp;
      return 0;
    }
    return runMigrate(parsed, out, logs);
  } catch (const config::ConfigError& e) {
    for (const auto& message : e.messages()) err << message << "\n";
  } catch (const db::MigrationError& e) {
    for (const auto& message : e.messages()) err << message << "\n";
  } catch (const std::invalid_argument& e) {
    err << "atrium migrate: " << e.what() << "\n" << kMigrateHelp;
    return 2;
  } catch (const std::exception& e) {
    err << e.what() << "\n";
  }
  return 1;
}

}  // namespace atrium::host::cli

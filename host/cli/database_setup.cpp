#include "host/cli/database_setup.hpp"

#include <filesystem>
#include <stdexcept>

#include "host/config/config_error.hpp"
#include "host/db/migration_file_name.hpp"
#include "host/db/migrator.hpp"
#include "host/plugin/plugin_manager.hpp"

namespace atrium::host::cli {

db::DatabaseUrl parseConfiguredUrl(const config::DatabaseConfig& config) {
  try {
    return db::parseDatabaseUrl(config.url, std::filesystem::current_path());
  } catch (const std::invalid_argument& e) {
    throw config::ConfigError(config.url_origin + ": " + e.what());
  }
}

std::unique_ptr<db::ConnectionPool> openDatabase(const config::DatabaseConfig& config,
                                                 const db::DatabaseUrl& url,
                                                 const common::Logger& logger) {
  db::PoolOptions options;
  options.size = config.pool_size;
  options.acquire_timeout = config.acquire_timeout;
  options.sqlite_busy_timeout = config.busy_timeout;
  options.statement_timeout = config.statement_timeout;
  auto pool = std::make_unique<db::ConnectionPool>(url, options);
  logger.info("database opened", {{"url", url.display},
                                  {"backend", db::backendName(url.backend)},
                                  {"pool_size", pool->size()}});
  return pool;
}

std::vector<db::OwnerRequest> migrationOwners(const plugin::PluginManager& plugins) {
  std::vector<db::OwnerRequest> owners = {{"host", "the host"}};
  for (const plugin::LoadedPlugin* loaded : plugins.plugins()) {
    for (const std::string& owner : loaded->sqlOwners()) {
      owners.push_back({owner, "plugin '" + loaded->name() + "'"});
    }
  }
  return owners;
}

db::MigrationCatalog loadMigrationCatalog(const config::DatabaseConfig& config,
                                          const plugin::PluginManager& plugins,
                                          db::Backend backend) {
  const std::vector<std::filesystem::path> dirs(config.migrations_dirs.begin(),
                                                config.migrations_dirs.end());
  try {
    return db::MigrationCatalog::discover(migrationOwners(plugins), dirs, backend);
  } catch (const db::MigrationError& e) {
    throw config::ConfigError(e.messages());
  }
}

config::MigrateMode migrateMode(const config::DatabaseConfig& config, db::Backend backend) {
  if (config.migrate) return *config.migrate;
  return backend == db::Backend::kSqlite ? config::MigrateMode::kAuto
                                         : config::MigrateMode::kManual;
}

namespace {

void refuseWhilePending(const std::vector<db::MigrationStatus>& list,
                        const std::string& config_file) {
  std::vector<std::string> messages;
  for (const db::MigrationStatus& s : list) {
    if (s.state != db::MigrationState::kPending) continue;
    messages.push_back("pending migration " + s.owner + "/" + db::migrationNumber(s.version) +
                       " (" + s.name + "): " + s.file.string());
  }
  if (messages.empty()) return;
  messages.insert(messages.begin(),
                  std::to_string(messages.size()) +
                      " database migration(s) pending and database.migrate is manual: apply "
                      "them with `atrium migrate --config " +
                      config_file + "`, then start again");
  throw db::MigrationError(std::move(messages));
}

}  // namespace

void prepareSchema(db::ConnectionPool& pool, const db::MigrationCatalog& catalog,
                   config::MigrateMode mode, const common::Logger& logger,
                   const std::string& config_file) {
  db::Migrator migrator(pool, catalog);
  if (mode == config::MigrateMode::kManual) {
    refuseWhilePending(migrator.verify(), config_file);
    logger.info("database schema up to date", {{"migrate", "manual"}});
    return;
  }
  const auto applied = migrator.apply([&](const db::Migration& m, std::chrono::milliseconds took) {
    logger.info("migration applied", {{"owner", m.owner},
                                      {"version", m.version},
                                      {"name", m.name},
                                      {"file", m.file.string()},
                                      {"duration_ms", took.count()}});
  });
  logger.info("database schema up to date", {{"migrate", "auto"}, {"applied", applied.size()}});
}

}  // namespace atrium::host::cli

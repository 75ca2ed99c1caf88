#pragma once

#include <memory>
#include <string>
#include <vector>

#include "host/common/logger.hpp"
#include "host/config/host_config.hpp"
#include "host/db/connection_pool.hpp"
#include "host/db/migration_catalog.hpp"

namespace atrium::host::plugin {
class PluginManager;
}

namespace atrium::host::cli {

// Parses config.url; a relative SQLite path is resolved against the working directory of the
// process. A bad URL throws config::ConfigError "<url_origin>: database URL: <what is wrong>"
// (the origin is the YAML file:line:col and key, or ATRIUM_DATABASE_URL); the message never
// contains the password.
db::DatabaseUrl parseConfiguredUrl(const config::DatabaseConfig& config);

// Opens the connection pool, the one place the host creates it. Throws db::DatabaseUnavailable
// with one line naming the redacted URL when the database cannot be reached. Logs
// "database opened" on `logger`.
std::unique_ptr<db::ConnectionPool> openDatabase(const config::DatabaseConfig& config,
                                                 const db::DatabaseUrl& url,
                                                 const common::Logger& logger);

// Whose migrations are applied, in order: "host", then every loaded plugin's sqlOwners() in
// config order (an owner named twice counts once).
std::vector<db::OwnerRequest> migrationOwners(const plugin::PluginManager& plugins);

// The migrations of those owners in config.migrations_dirs, for `backend`. File problems throw
// config::ConfigError with one message per problem. No database connection.
db::MigrationCatalog loadMigrationCatalog(const config::DatabaseConfig& config,
                                          const plugin::PluginManager& plugins,
                                          db::Backend backend);

// config.migrate, or the backend's default: auto on SQLite, manual on PostgreSQL.
config::MigrateMode migrateMode(const config::DatabaseConfig& config, db::Backend backend);

// serve's schema step, after the plugins are loaded and before any starts. kAuto applies the
// pending migrations, logging each; kManual refuses to start when any is pending, with a
// db::MigrationError listing them and the command to run (`atrium migrate --config
// <config_file>`). Either way a changed migration is a db::MigrationError naming its file.
void prepareSchema(db::ConnectionPool& pool, const db::MigrationCatalog& catalog,
                   config::MigrateMode mode, const common::Logger& logger,
                   const std::string& config_file);

}  // namespace atrium::host::cli

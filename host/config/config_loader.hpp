#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "host/config/env_expander.hpp"
#include "host/config/host_config.hpp"
#include "host/config/migrations_locator.hpp"

namespace atrium::host::config {

// Looks up an environment variable (injectable for tests). EnvLookup is declared in
// env_expander.hpp.
EnvLookup processEnvironment();

// Reads, expands (${VAR}, ${VAR:-default}), validates against the host schema and converts the
// YAML file at `path`. Applies ATRIUM_LISTEN and ATRIUM_DATABASE_URL when set and not empty
// (the database URL is kept as text: atrium_db parses it, see DatabaseConfig::url_origin). Throws
// ConfigError listing every problem found, each with file:line:column and key path. Plugin config
// blocks are kept as YAML nodes; the plugin loader validates them against each plugin's schema.
// Handler ids are not checked here (the plugins are not loaded yet).
HostConfig loadHostConfig(const std::string& path, const EnvLookup& env = processEnvironment());

// The same, searching `default_plugin_dirs` (instead of defaultPluginDirs(), the `plugins`
// directory next to the executable) for plugins without `file:` when the config sets no
// `plugin_dirs`, and using `default_migrations_dirs` when it sets no `database.migrations_dirs`.
HostConfig loadHostConfig(
    const std::string& path, const EnvLookup& env,
    const std::vector<std::string>& default_plugin_dirs,
    const std::vector<std::string>& default_migrations_dirs = defaultMigrationsDirs());

}  // namespace atrium::host::config

#pragma once

#include <functional>
#include <optional>
#include <string>

#include "host/config/host_config.hpp"

namespace atrium::host::config {

// Looks up an environment variable (injectable for tests).
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
EnvLookup processEnvironment();

// Reads, expands (${VAR}, ${VAR:-default}), validates against the host schema and converts the
// YAML file at `path`. Applies ATRIUM_LISTEN when set. Throws ConfigError listing every problem
// found, each with file:line:column and key path. Plugin config blocks are kept as YAML nodes;
// the plugin loader validates them against each plugin's schema. Handler ids are not checked
// here (the plugins are not loaded yet).
HostConfig loadHostConfig(const std::string& path, const EnvLookup& env = processEnvironment());

}  // namespace atrium::host::config

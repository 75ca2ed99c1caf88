#pragma once

#include "host/cli/arguments.hpp"
#include "host/config/host_config.hpp"

namespace atrium::host::cli {

// Loads the file named by --config (required) and applies --listen over the config and
// ATRIUM_LISTEN. Throws std::invalid_argument for a missing --config or a bad --listen, and
// config::ConfigError for problems in the file.
config::HostConfig loadConfigFromArguments(const Arguments& args);

}  // namespace atrium::host::cli

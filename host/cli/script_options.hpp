#pragma once

#include "host/config/host_config.hpp"
#include "host/lua/engine_options.hpp"

namespace atrium::host::cli {

// The script engine's options from a product's `scripts:` block: directory, global and
// per-script limits, each script's atrium.config and the reload interval. `serve` and
// `atrium script run --config` build their engines from it, so both run scripts alike.
lua::EngineOptions engineOptionsFor(const config::ScriptsConfig& scripts);

}  // namespace atrium::host::cli

#pragma once

#include <memory>
#include <string>

#include "host/common/logger.hpp"
#include "host/plugin/loaded_plugin.hpp"

namespace atrium::host::plugin {

// Opens a plugin file with dlopen(RTLD_NOW | RTLD_LOCAL), calls its atrium_plugin_init and
// checks what it declared: a name made of [a-z0-9_] starting with a letter, unique handler ids
// each prefixed by "<name>.". Does not start the plugin. Throws PluginError naming the file and
// the fix: missing file, dlopen failure, missing atrium_plugin_init, ABI major mismatch, init
// failure (with the plugin's message), bad name, duplicate or unprefixed handler ids.
std::unique_ptr<LoadedPlugin> loadPlugin(const std::string& file, const common::LogSink& sink);

}  // namespace atrium::host::plugin

#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace atrium::host::plugin {

// What `atrium plugin info FILE.so` shows: what a plugin declares, read without starting it.
struct PluginInfo {
  struct Handler {
    std::string id;
    uint32_t flags = 0;  // ATRIUM_HANDLER_*
    bool nonblocking = false;
    std::string description;
  };
  std::string file;
  std::string name;
  std::string version;
  std::string description;
  uint16_t abi_major = 0;  // the ABI the plugin was built for
  uint16_t abi_minor = 0;
  std::vector<Handler> handlers;
  std::vector<std::string> sql_owners;    // migration folders under sql/ (ABI 1.1)
  std::string config_schema_yaml;         // as declared; empty when it takes no config
  std::string config_schema_description;  // Schema::describe()
  std::string config_schema_error;        // set when the declared schema does not parse
};

// Loads the plugin (dlopen + atrium_plugin_init, never start), copies its descriptor and
// unloads it. Throws PluginError (a std::runtime_error) naming the file when it cannot load.
PluginInfo inspectPlugin(const std::string& file);

// Human-readable, several lines, ending with a newline.
std::string renderPluginInfo(const PluginInfo& info);

}  // namespace atrium::host::plugin

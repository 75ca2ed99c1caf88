#include "host/plugin/plugin_loader.hpp"

#include <dlfcn.h>

#include <filesystem>
#include <set>
#include <system_error>

#include "host/plugin/plugin_error.hpp"

namespace atrium::host::plugin {
namespace {

bool isPluginName(const std::string& name) {
  if (name.empty() || name.front() < 'a' || name.front() > 'z') return false;
  for (const char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

void checkDescriptor(const LoadedPlugin& plugin) {
  const std::string& file = plugin.file();
  const std::string& name = plugin.name();
  if (!isPluginName(name)) {
    throw PluginError(file + ": plugin name '" + name +
                      "' is invalid; declare a name of lower-case letters, digits and '_' "
                      "starting with a letter (Registrar::name)");
  }
  const std::string prefix = name + ".";
  std::set<std::string> seen;
  for (const HandlerDef& handler : plugin.handlers()) {
    if (handler.id.size() <= prefix.size() || handler.id.compare(0, prefix.size(), prefix) != 0) {
      const std::string::size_type dot = handler.id.find('.');
      const std::string suggestion =
          prefix + (dot == std::string::npos ? handler.id : handler.id.substr(dot + 1));
      throw PluginError(file + ": handler id '" + handler.id + "' of plugin '" + name +
                        "' must start with '" + prefix + "'; rename it, e.g. '" + suggestion + "'");
    }
    if (!seen.insert(handler.id).second) {
      throw PluginError(file + ": plugin '" + name + "' registers handler '" + handler.id +
                        "' twice; handler ids must be unique");
    }
  }
}

}  // namespace

std::unique_ptr<LoadedPlugin> loadPlugin(const std::string& file, const common::LogSink& sink) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    throw PluginError("plugin file not found: " + file +
                      "; check the plugin's `file:` path (relative paths resolve against the "
                      "config file's directory) and that the plugin was built");
  }
  dlerror();
  void* library = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    const char* why = dlerror();
    throw PluginError("cannot load plugin " + file + ": " +
                      (why != nullptr ? why : "unknown dlopen error") +
                      "; check that it is a shared library built for this platform and that "
                      "its dependencies resolve (ldd " +
                      file + ")");
  }
  // Owns the handle from here: any throw below closes it.
  auto plugin = std::make_unique<LoadedPlugin>(file, library, sink);
  dlerror();
  void* symbol = dlsym(library, ATRIUM_PLUGIN_INIT_SYMBOL);
  if (symbol == nullptr) {
    throw PluginError(file + ": no exported symbol " ATRIUM_PLUGIN_INIT_SYMBOL
                             "; is it built with ATRIUM_EXPORT_PLUGIN? (a C plugin defines "
                             "`ATRIUM_EXPORT atrium_status atrium_plugin_init(...)`)");
  }
  auto init_fn = reinterpret_cast<atrium_plugin_init_fn>(symbol);
  plugin->init(init_fn);
  checkDescriptor(*plugin);
  return plugin;
}

}  // namespace atrium::host::plugin

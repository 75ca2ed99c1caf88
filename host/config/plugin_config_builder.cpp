// buildPluginDirs and buildPlugins: the `plugin_dirs:` and `plugins:` sections.
#include <filesystem>

#include "host/config/host_config_builder.hpp"
#include "host/config/plugin_locator.hpp"

namespace atrium::host::config {
namespace {

std::string joinSearched(const std::string& name, const std::vector<std::string>& dirs) {
  std::string out;
  for (const auto& dir : dirs) {
    if (!out.empty()) out += ", ";
    out += (std::filesystem::path(dir) / (name + ".so")).string();
  }
  return out.empty() ? "no directories (plugin_dirs is empty)" : out;
}

// The plugin's .so: `file` resolved against the config directory, or found in `dirs`.
std::string locate(ConfigBuildContext& ctx, const nlohmann::json& v, const YAML::Node& yaml,
                   const std::string& path, const std::vector<std::string>& dirs) {
  const std::string name = v.at("name").get<std::string>();
  if (v.contains("file")) {
    std::string file = ctx.resolvePath(v.at("file").get<std::string>());
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) {
      ctx.error(ConfigBuildContext::child(yaml, "file"), yaml, path + ".file",
                "plugin file '" + file + "' does not exist");
    }
    return file;
  }
  if (auto found = findPluginFile(name, dirs)) return *found;
  ctx.error(ConfigBuildContext::child(yaml, "name"), yaml, path,
            "plugin '" + name + "' not found; searched " + joinSearched(name, dirs) +
                " (set `file:` or `plugin_dirs:`)");
  return "";
}

}  // namespace

std::vector<std::string> buildPluginDirs(ConfigBuildContext& ctx,
                                         const std::vector<std::string>& default_plugin_dirs) {
  if (!ctx.values().contains("plugin_dirs")) return default_plugin_dirs;
  std::vector<std::string> dirs;
  for (const auto& dir : ctx.values().at("plugin_dirs")) {
    dirs.push_back(ctx.resolvePath(dir.get<std::string>()));
  }
  return dirs;
}

std::vector<PluginConfig> buildPlugins(ConfigBuildContext& ctx,
                                       const std::vector<std::string>& plugin_dirs) {
  std::vector<PluginConfig> plugins;
  const YAML::Node section = ConfigBuildContext::child(ctx.root(), "plugins");
  const nlohmann::json& values = ctx.values().at("plugins");
  for (size_t i = 0; i < values.size(); ++i) {
    const YAML::Node yaml = ConfigBuildContext::item(section, i);
    const std::string path = "plugins[" + std::to_string(i) + "]";
    PluginConfig plugin;
    plugin.name = values[i].at("name").get<std::string>();
    plugin.mark = ctx.markOf(yaml, section);
    const auto previous = std::find_if(plugins.begin(), plugins.end(), [&](const PluginConfig& p) {
      return p.name == plugin.name;
    });
    if (previous != plugins.end()) {
      ctx.error(ConfigBuildContext::child(yaml, "name"), yaml, path + ".name",
                "plugin '" + plugin.name + "' is already listed at " + previous->mark.str());
      continue;
    }
    plugin.file = locate(ctx, values[i], yaml, path, plugin_dirs);
    plugin.config = ConfigBuildContext::child(yaml, "config");
    plugins.push_back(std::move(plugin));
  }
  return plugins;
}

}  // namespace atrium::host::config

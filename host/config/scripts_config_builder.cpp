// buildScripts: the `scripts:` section.
#include "host/config/host_config_builder.hpp"

namespace atrium::host::config {

ScriptsConfig buildScripts(ConfigBuildContext& ctx) {
  const nlohmann::json& v = ctx.values().at("scripts");
  ScriptsConfig scripts;
  scripts.dir = ctx.resolvePath(v.at("dir").get<std::string>());
  scripts.reload_interval = std::chrono::milliseconds(v.at("reload_interval").get<int64_t>());
  scripts.instruction_limit = v.at("instruction_limit").get<uint64_t>();
  scripts.memory_limit_bytes = v.at("memory_limit").get<size_t>();
  scripts.time_limit = std::chrono::milliseconds(v.at("time_limit").get<int64_t>());
  for (const auto& [id, limits] : v.at("limits").items()) {
    ScriptLimitsConfig entry;
    if (limits.contains("instruction_limit")) {
      entry.instruction_limit = limits.at("instruction_limit").get<uint64_t>();
    }
    if (limits.contains("memory_limit")) {
      entry.memory_limit_bytes = limits.at("memory_limit").get<size_t>();
    }
    if (limits.contains("time_limit")) {
      entry.time_limit = std::chrono::milliseconds(limits.at("time_limit").get<int64_t>());
    }
    scripts.limits.emplace(id, entry);
  }
  for (const auto& [id, value] : v.at("config").items()) scripts.config.emplace(id, value);
  return scripts;
}

}  // namespace atrium::host::config

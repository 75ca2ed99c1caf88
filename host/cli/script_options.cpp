#include "host/cli/script_options.hpp"

namespace atrium::host::cli {
namespace {

lua::ScriptLimits limitsOf(const config::ScriptsConfig& scripts,
                           const config::ScriptLimitsConfig* over = nullptr) {
  lua::ScriptLimits limits;
  limits.instructions = scripts.instruction_limit;
  limits.memory_bytes = scripts.memory_limit_bytes;
  limits.run_time = scripts.time_limit;
  if (over != nullptr) {
    limits.instructions = over->instruction_limit.value_or(limits.instructions);
    limits.memory_bytes = over->memory_limit_bytes.value_or(limits.memory_bytes);
    limits.run_time = over->time_limit.value_or(limits.run_time);
  }
  return limits;
}

}  // namespace

lua::EngineOptions engineOptionsFor(const config::ScriptsConfig& scripts) {
  lua::EngineOptions options;
  options.scripts_dir = scripts.dir;
  options.limits = limitsOf(scripts);
  for (const auto& [id, over] : scripts.limits) options.per_script[id] = limitsOf(scripts, &over);
  options.script_config = scripts.config;
  options.reload_interval = scripts.reload_interval;
  return options;
}

}  // namespace atrium::host::cli

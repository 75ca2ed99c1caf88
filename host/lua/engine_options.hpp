#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace atrium::host::lua {

// Limits of one script. In EngineOptions::per_script a field left at 0 takes the global value.
struct ScriptLimits {
  // Lua VM instructions per call (module loading included). The default is ~50 ms of plain Lua
  // on the reference machine (docs/scripting.md, "Limits").
  uint64_t instructions = 12'000'000;
  // Ceiling of the calling thread's Lua state while a call to this script runs. The state holds
  // every module the thread has loaded, so this is not per script; keep it >= 8 MiB.
  size_t memory_bytes = 32 * 1024 * 1024;
  // Running time per call: stops loops whose instructions are cheap but whose library calls
  // are not (string.rep in a loop). Checked every 1,000 instructions; time spent waiting on
  // atrium.db does not count.
  std::chrono::milliseconds run_time{500};
};

struct EngineOptions {
  std::filesystem::path scripts_dir = "scripts";
  ScriptLimits limits;
  std::map<std::string, ScriptLimits> per_script;  // by script id
  // atrium.config of each script (a JSON object; a script without an entry gets {}).
  std::map<std::string, nlohmann::json> script_config;
  // How often the watcher stats the files; 0 = no watcher (loadAll() rescans on demand).
  std::chrono::milliseconds reload_interval{250};
};

// Who a call runs for: the request id tags the script's log lines and database statements.
struct CallContext {
  std::string_view request_id;
  // The call runs on a reactor thread (a `nonblocking: true` script route): host functions
  // that wait (atrium.db) raise an error instead of stalling every connection of the reactor.
  bool nonblocking = false;
};

// One script file as the engine sees it.
struct ScriptStatus {
  std::string id;        // "taklifnoma/rules/slug"
  std::string file;      // path relative to scripts_dir, "taklifnoma/rules/slug.lua"
  uint64_t version = 0;  // 0 = no good version yet; bumped by every good (re)compile
  std::string error;     // last compile error "file:line: message"; empty when the file is fine
  std::chrono::system_clock::time_point loaded_at;  // when the serving version was compiled
};

}  // namespace atrium::host::lua

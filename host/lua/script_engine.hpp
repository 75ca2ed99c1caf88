#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/common/logger.hpp"
#include "host/lua/engine_options.hpp"
#include "host/lua/script_error.hpp"

namespace atrium::host::db {
class Database;
}
namespace atrium::host::events {
class EventsService;
}
namespace atrium::host::messaging {
class MessagingService;
}
namespace atrium::host::ai {
class AiService;
}

namespace atrium::host::lua {

class CallCodec;
class EngineCore;
class ScriptCatalog;
class ScriptWatcher;

// Runs the Lua scripts under scripts_dir (docs/scripting.md). A script is a module: a file that
// returns a table of functions; its id is its path under scripts_dir without ".lua".
//
// Thread-safe. Each calling thread gets its own sandboxed lua_State (created on its first call,
// freed when the thread ends or the engine goes); the request path takes no lock: one atomic
// load tells a state whether the registry changed. Every state loads a script lazily and
// reloads it when its version changed (and every module that required it).
class ScriptEngine {
 public:
  // `database` may be null (atrium.db then answers nil, "no database"). `sink` and `database`
  // must outlive the engine.
  ScriptEngine(EngineOptions options, const common::LogSink& sink, db::Database* database);
  ~ScriptEngine();
  ScriptEngine(const ScriptEngine&) = delete;
  ScriptEngine& operator=(const ScriptEngine&) = delete;

  // Compiles every *.lua under scripts_dir now and starts the watcher (reload_interval > 0).
  // Returns the compile errors, "file:line: message"; never throws for a script's fault. May be
  // called again (SIGHUP): it rescans at once.
  std::vector<std::string> loadAll();

  // Calls `function` of the script with `args` (as a Lua value) and returns its first result as
  // JSON (nil -> null). Throws ScriptError.
  nlohmann::json call(std::string_view script_id, std::string_view function,
                      const nlohmann::json& args, const CallContext& context = {});
  // The same with JSON text in and out, without documents ("" is null; not JSON ->
  // ScriptError kBadArgument). The plugin ABI's script_call.
  std::string callJson(std::string_view script_id, std::string_view function,
                       std::string_view args_json, const CallContext& context = {});
  // The general form: `codec` pushes the argument and takes the result on the Lua stack
  // (script routes). Throws ScriptError.
  void callWith(std::string_view script_id, std::string_view function, CallCodec& codec,
                const CallContext& context = {});

  // Gives scripts atrium.mail and atrium.sms (until then they answer nil, "no messaging
  // service"). `messaging` must outlive the engine.
  void provideMessaging(messaging::MessagingService* messaging);
  // Gives scripts atrium.events (until then it answers nil, "no events service"). `events`
  // must outlive the engine's use of it.
  void provideEvents(events::EventsService* events);

  // Gives scripts atrium.ai (until then it answers nil, "unavailable: no AI service"). `ai`
  // must outlive the engine's calls.
  void provideAi(ai::AiService* ai);

  std::vector<ScriptStatus> status() const;  // sorted by id
  // Appends the per-script metric families (script_metrics.hpp) in Prometheus text format.
  void renderPrometheus(std::string& out) const;
  // True when the script has a good version to run.
  bool has(std::string_view script_id) const;

 private:
  std::shared_ptr<EngineCore> core_;
  std::unique_ptr<ScriptCatalog> catalog_;
  std::mutex watcher_mutex_;
  std::unique_ptr<ScriptWatcher> watcher_;
};

}  // namespace atrium::host::lua

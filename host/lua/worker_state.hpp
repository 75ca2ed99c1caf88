#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <lua.hpp>

#include "host/lua/engine_options.hpp"
#include "host/lua/script_registry.hpp"

namespace atrium::host::lua {

class CallCodec;
class EngineCore;
class LuaState;
class ModuleCache;

// One thread's Lua state with its loaded modules. Used by one thread at a time: the engine
// keeps one per calling thread, and the compile check makes its own with a pinned registry.
class WorkerState {
 public:
  // `pinned`: resolve scripts in this registry instead of the engine's latest one.
  explicit WorkerState(EngineCore& core, std::shared_ptr<const Registry> pinned = nullptr);
  ~WorkerState();
  WorkerState(const WorkerState&) = delete;
  WorkerState& operator=(const WorkerState&) = delete;

  // Calls `function` with the argument `codec` pushes and gives it the result. Throws
  // ScriptError.
  void call(std::string_view script_id, std::string_view function, CallCodec& codec,
            const CallContext& context);
  // Loads `script_id` (runs its top level, checks it returns a table) with its limits; returns
  // the error "file:line: message", or "" when it loaded.
  std::string tryLoad(std::string_view script_id);

  EngineCore& core() const { return core_; }
  const Registry& registry() const { return *registry_; }
  std::string_view requestId() const { return request_id_; }
  bool nonblocking() const { return nonblocking_; }  // of the running call
  ModuleCache& modules();

 private:
  struct Session;
  struct CallFrame;
  static int runCall(lua_State* L);
  static int messageHandler(lua_State* L);

  void refreshRegistry();
  Session& session();
  int protectedCall(CallFrame& frame, const ScriptLimits& limits);
  // Logs, counts (the call started at `started_ns`, steady clock) and throws the ScriptError.
  [[noreturn]] void fail(CallFrame& frame, int status, std::string_view request_id,
                         int64_t started_ns);

  EngineCore& core_;
  const bool pinned_;
  std::shared_ptr<const Registry> registry_;
  // The script called last, in registry_: a rule called again and again is found without
  // hashing its id. Reset whenever registry_ is replaced.
  const ScriptRecord* last_record_ = nullptr;
  std::unique_ptr<Session> session_;  // recreated after a memory-limit failure
  std::string_view request_id_;       // valid during a call
  bool nonblocking_ = false;          // of the running call
  bool stale_check_ = false;          // the registry changed since the modules were checked
  CallFrame* frame_ = nullptr;        // the running call (for the message handler)
  bool in_call_ = false;
};

}  // namespace atrium::host::lua

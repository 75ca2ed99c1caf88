#include "host/lua/worker_state.hpp"

#include <optional>
#include <stdexcept>

#include "host/lua/call_codec.hpp"
#include "host/lua/engine_core.hpp"
#include "host/lua/lua_state.hpp"
#include "host/lua/lua_value.hpp"
#include "host/lua/module_cache.hpp"
#include "host/lua/sandbox.hpp"
#include "host/lua/script_error.hpp"

namespace atrium::host::lua {

using Kind = ScriptError::Kind;

struct WorkerState::Session {
  Session(WorkerState& owner, size_t memory_limit) : lua(memory_limit), modules(owner) {}
  LuaState lua;
  ModuleCache modules;
  int handler_ref = LUA_NOREF;
  int run_ref = LUA_NOREF;
};

struct WorkerState::CallFrame {
  WorkerState* self;
  const ScriptRecord* record;
  std::string_view function;  // empty: load the module only
  CallCodec* codec;           // null when loading only
  bool drop_stale;
  std::optional<Kind> kind;  // set when the failure is not the script raising an error
  std::string message;
  std::string location;
  std::string traceback;
};

namespace {

// "file:line" of the innermost Lua function on the stack that has a line, or "".
std::string innermostLocation(lua_State* L) {
  lua_Debug info{};
  for (int level = 0; lua_getstack(L, level, &info) != 0; ++level) {
    if (lua_getinfo(L, "Sl", &info) != 0 && info.currentline > 0 && info.source[0] == '@') {
      return std::string(info.source + 1) + ":" + std::to_string(info.currentline);
    }
  }
  return {};
}

std::string errorText(lua_State* L, int index) {
  if (lua_type(L, index) == LUA_TSTRING || lua_type(L, index) == LUA_TNUMBER) {
    size_t length = 0;
    const char* text = lua_tolstring(L, index, &length);
    return std::string(text, length);
  }
  return std::string("(error object is a ") + luaL_typename(L, index) + " value)";
}

struct PrepareArgs {
  WorkerState* self;
  lua_CFunction run;
  lua_CFunction handler;
  int handler_ref = LUA_NOREF;
  int run_ref = LUA_NOREF;
};

// Inside lua_cpcall: a refused allocation here is an error, not a panic.
int prepareState(lua_State* L) {
  auto* args = static_cast<PrepareArgs*>(lua_touserdata(L, 1));
  prepareSandbox(L);
  lua_pushlightuserdata(L, args->self);
  lua_pushcclosure(L, args->handler, 1);
  args->handler_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_pushcfunction(L, args->run);
  args->run_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  return 0;
}

}  // namespace

WorkerState::WorkerState(EngineCore& core, std::shared_ptr<const Registry> pinned)
    : core_(core), pinned_(pinned != nullptr), registry_(std::move(pinned)) {}

WorkerState::~WorkerState() = default;

ModuleCache& WorkerState::modules() { return session_->modules; }

WorkerState::Session& WorkerState::session() {
  if (session_ == nullptr) {
    auto session = std::make_unique<Session>(*this, core_.options().limits.memory_bytes);
    PrepareArgs args{this, runCall, messageHandler};
    if (lua_cpcall(session->lua.get(), prepareState, &args) != 0) {
      throw std::runtime_error("cannot prepare a Lua state: " + errorText(session->lua.get(), -1));
    }
    session->handler_ref = args.handler_ref;
    session->run_ref = args.run_ref;
    session_ = std::move(session);
  }
  return *session_;
}

void WorkerState::refreshRegistry() {
  if (pinned_) return;
  if (registry_ == nullptr || registry_->generation != core_.generation()) {
    registry_ = core_.snapshot();
    last_record_ = nullptr;  // it pointed into the previous snapshot
    stale_check_ = true;     // done by the next protected call
  }
}

void WorkerState::call(std::string_view script_id, std::string_view function, CallCodec& codec,
                       const CallContext& context) {
  if (in_call_) {
    throw ScriptError(Kind::kRuntime, std::string(script_id),
                      "a script call is already running on this thread");
  }
  refreshRegistry();
  const ScriptRecord* record = last_record_ != nullptr && last_record_->id == script_id
                                   ? last_record_
                                   : registry_->find(script_id);
  last_record_ = record;
  if (record == nullptr) {
    const std::string id(script_id);
    throw ScriptError(Kind::kNotFound, id, "no script '" + id + "'");
  }
  if (record->version == 0) {
    if (record->stats != nullptr)
      record->stats->record(Kind::kCompile, std::chrono::nanoseconds(0));
    throw ScriptError(Kind::kCompile, record->id, record->error,
                      record->error.substr(0, record->error.find(": ")));
  }
  CallFrame frame{this, record, function, &codec, stale_check_, {}, {}, {}, {}};
  request_id_ = context.request_id;
  nonblocking_ = context.nonblocking;
  int status = 0;
  try {
    status = protectedCall(frame, record->limits);
  } catch (const std::runtime_error& e) {  // the state could not be created
    request_id_ = {};
    nonblocking_ = false;
    throw ScriptError(Kind::kMemoryLimit, record->id, e.what());
  }
  request_id_ = {};
  nonblocking_ = false;
  const int64_t started_ns = session_->lua.limits().started_ns;
  if (status != 0 || frame.kind.has_value()) fail(frame, status, context.request_id, started_ns);
  if (record->stats != nullptr) {
    record->stats->record(std::nullopt, std::chrono::nanoseconds(steadyNanos() - started_ns));
  }
}

std::string WorkerState::tryLoad(std::string_view script_id) {
  const ScriptRecord* record = registry_->find(script_id);
  if (record == nullptr) return "no script '" + std::string(script_id) + "'";
  CallFrame frame{this, record, {}, nullptr, false, {}, {}, {}, {}};
  const int status = protectedCall(frame, record->limits);
  if (status == 0) return {};
  if (frame.message.empty()) frame.message = "not enough memory";
  if (!frame.location.empty() && frame.message.rfind(frame.location, 0) != 0) {
    return frame.location + ": " + frame.message;
  }
  return frame.message;
}

int WorkerState::protectedCall(CallFrame& frame, const ScriptLimits& limits) {
  Session& current = session();
  lua_State* L = current.lua.get();
  current.lua.armCall(limits);
  lua_settop(L, 0);
  lua_rawgeti(L, LUA_REGISTRYINDEX, current.handler_ref);
  lua_rawgeti(L, LUA_REGISTRYINDEX, current.run_ref);
  lua_pushlightuserdata(L, &frame);
  in_call_ = true;
  frame_ = &frame;
  const int status = lua_pcall(L, 1, 0, 1);
  frame_ = nullptr;
  in_call_ = false;
  if (status != 0 && frame.message.empty()) frame.message = errorText(L, -1);
  lua_settop(L, 0);
  return status;
}

int WorkerState::runCall(lua_State* L) {
  CallFrame& frame = *static_cast<CallFrame*>(lua_touserdata(L, 1));
  Session& current = *frame.self->session_;
  if (frame.drop_stale) {
    current.modules.dropStale(L, *frame.self->registry_);
    frame.self->stale_check_ = false;
  }
  current.modules.push(L, *frame.record);
  if (frame.function.empty() || frame.codec == nullptr) return 0;
  lua_pushlstring(L, frame.function.data(), frame.function.size());
  lua_gettable(L, -2);
  if (!lua_isfunction(L, -1)) {
    frame.kind = Kind::kNotFound;
    frame.message =
        frame.record->relative_file + " has no function '" + std::string(frame.function) + "'";
    return 0;
  }
  // Lua errors (out of memory) pass these catch clauses: they are not std::exception.
  try {
    frame.codec->pushArgument(L);
  } catch (const ArgumentError& e) {
    frame.kind = Kind::kBadArgument;
    frame.message = "the argument of " + std::string(frame.function) + ": " + e.what();
    return 0;
  }
  lua_call(L, 1, 1);
  try {
    frame.codec->takeResult(L, lua_gettop(L));
  } catch (const ConversionError& e) {
    frame.kind = Kind::kBadResult;
    frame.message =
        "the result of " + std::string(frame.function) + " cannot become JSON: " + e.what();
  }
  return 0;
}

int WorkerState::messageHandler(lua_State* L) {
  const auto* self = static_cast<WorkerState*>(lua_touserdata(L, lua_upvalueindex(1)));
  CallFrame* frame = self->frame_;
  if (frame != nullptr) {
    frame->message = errorText(L, 1);
    frame->location = innermostLocation(L);
    luaL_traceback(L, L, nullptr, 1);
    frame->traceback = errorText(L, -1);
  }
  lua_settop(L, 1);
  return 1;
}

void WorkerState::fail(CallFrame& frame, int status, std::string_view request_id,
                       int64_t started_ns) {
  StateLimits& limits = session_->lua.limits();
  Kind kind = frame.kind.value_or(Kind::kRuntime);
  if (!frame.kind.has_value()) {
    if (limits.exhausted) {
      kind = Kind::kInstructionLimit;
    } else if (status == LUA_ERRMEM || limits.memory_hit) {
      // Also when the script caught the refusal with pcall and then failed otherwise: the state
      // is near its ceiling either way, and is rebuilt.
      kind = Kind::kMemoryLimit;
      frame.message = "not enough memory: the script's Lua state reached its ceiling of " +
                      std::to_string(limits.memory_limit) + " bytes";
    }
  }
  if (!frame.location.empty() && frame.message.rfind(frame.location, 0) != 0) {
    frame.message = frame.location + ": " + frame.message;
  }
  const std::string id = frame.record->id;
  if (frame.record->stats != nullptr) {
    frame.record->stats->record(kind, std::chrono::nanoseconds(steadyNanos() - started_ns));
  }
  core_.logger().log(common::LogLevel::kWarn, "script call failed", request_id,
                     {{"script", id},
                      {"function", frame.function},
                      {"kind", scriptErrorKindName(kind)},
                      {"error", frame.message}});
  if (kind == Kind::kMemoryLimit) session_.reset();  // a fresh state on the next call
  throw ScriptError(kind, id, frame.message, frame.location, frame.traceback);
}

}  // namespace atrium::host::lua

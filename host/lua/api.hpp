#pragma once

#include <string>
#include <string_view>

#include <lua.hpp>

#include "host/services/messaging/outbox_message.hpp"

namespace atrium::host::lua {

class WorkerState;
struct ScriptRecord;

// What a script's host functions know about it: its id and the thread's state (request id,
// logger, database). One per script per Lua state, at a stable address (closure upvalue 1).
struct ScriptApiContext {
  WorkerState* state;
  std::string script_id;
};

ScriptApiContext& apiContext(lua_State* L);  // upvalue 1 of the running C closure

// Each pushes one table of `atrium` (atrium.json, atrium.log, ...). api_<area>.cpp.
void pushJsonApi(lua_State* L);
void pushLogApi(lua_State* L, ScriptApiContext& context);
void pushTimeApi(lua_State* L);
void pushCryptoApi(lua_State* L);
void pushTemplateApi(lua_State* L);
void pushDbApi(lua_State* L, ScriptApiContext& context);
void pushMailApi(lua_State* L, ScriptApiContext& context);
void pushSmsApi(lua_State* L, ScriptApiContext& context);
void pushEventsApi(lua_State* L, ScriptApiContext& context);
void pushAiApi(lua_State* L, ScriptApiContext& context);
// Shared by api_mail.cpp and api_sms.cpp (defined in api_mail.cpp): reads the string field
// `key` of the table at index 1 into `out` (absent or nil: empty; anything else: false).
bool optionalStringField(lua_State* L, const char* key, std::string& out);
// Enqueues `message` through the engine's messaging service and pushes true, or nil and
// "<what>: <reason>".
int enqueueMessage(lua_State* L, std::string_view what, messaging::OutboxMessage message);
// The whole per-script `atrium` table (api_module.cpp).
void pushAtriumModule(lua_State* L, ScriptApiContext& context, const ScriptRecord& record);

// Expected failures: returns `nil, message` (2 results).
int pushFailure(lua_State* L, std::string_view message);

// Wraps a host function so that a C++ exception becomes `nil, message` instead of unwinding
// through Lua. (Lua errors are not std::exception and pass through untouched.)
template <lua_CFunction F>
int guarded(lua_State* L) {
  try {
    return F(L);
  } catch (const std::exception& e) {
    return pushFailure(L, e.what());
  }
}

// Registers closures with the context as upvalue 1 on the table at the top of the stack.
struct ApiFunction {
  const char* name;
  lua_CFunction function;
};
void setFunctions(lua_State* L, const ApiFunction* functions, size_t count,
                  ScriptApiContext* context = nullptr);
template <size_t N>
void setFunctions(lua_State* L, const ApiFunction (&functions)[N],
                  ScriptApiContext* context = nullptr) {
  setFunctions(L, functions, N, context);
}

// A string argument or a failure message naming it; nullptr when absent/wrong type.
const char* stringArgument(lua_State* L, int index, size_t* length);

}  // namespace atrium::host::lua

// atrium.log.debug/info/warn/error(message, fields?) -> true | nil, err. One JSON line in the
// host.lua log with the script id and the request id; `fields` (a table) adds keys.
#include <string>

#include "host/lua/api.hpp"
#include "host/lua/engine_core.hpp"
#include "host/lua/lua_value.hpp"
#include "host/lua/worker_state.hpp"

namespace atrium::host::lua {
namespace {

template <common::LogLevel Level>
int logLine(lua_State* L) {
  const ScriptApiContext& context = apiContext(L);
  const common::Logger& logger = context.state->core().logger();
  if (lua_type(L, 1) != LUA_TSTRING && lua_type(L, 1) != LUA_TNUMBER) {
    return pushFailure(L, "log: the message must be a string");
  }
  if (!lua_isnoneornil(L, 2) && !lua_istable(L, 2)) {
    return pushFailure(L, "log: fields must be a table");
  }
  if (logger.enabled(Level)) {
    nlohmann::json fields = nlohmann::json::object();
    if (lua_istable(L, 2)) {
      try {
        fields = toJson(L, 2);
      } catch (const ConversionError& e) {
        return pushFailure(L, std::string("log: fields: ") + e.what());
      }
      if (!fields.is_object()) fields = {{"fields", std::move(fields)}};
    }
    fields["script"] = context.script_id;
    size_t length = 0;
    const char* message = lua_tolstring(L, 1, &length);
    logger.log(Level, validUtf8({message, length}), context.state->requestId(), fields);
  }
  lua_pushboolean(L, 1);
  return 1;
}

constexpr ApiFunction kFunctions[] = {
    {"debug", guarded<logLine<common::LogLevel::kDebug>>},
    {"info", guarded<logLine<common::LogLevel::kInfo>>},
    {"warn", guarded<logLine<common::LogLevel::kWarn>>},
    {"error", guarded<logLine<common::LogLevel::kError>>},
};

}  // namespace

void pushLogApi(lua_State* L, ScriptApiContext& context) {
  lua_createtable(L, 0, 4);
  setFunctions(L, kFunctions, &context);
}

}  // namespace atrium::host::lua

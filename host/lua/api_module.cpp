// The per-script `atrium` table and what every api_<area>.cpp shares.
#include "host/lua/api.hpp"
#include "host/lua/lua_value.hpp"
#include "host/lua/script_registry.hpp"

namespace atrium::host::lua {

ScriptApiContext& apiContext(lua_State* L) {
  return *static_cast<ScriptApiContext*>(lua_touserdata(L, lua_upvalueindex(1)));
}

int pushFailure(lua_State* L, std::string_view message) {
  lua_pushnil(L);
  lua_pushlstring(L, message.data(), message.size());
  return 2;
}

void setFunctions(lua_State* L, const ApiFunction* functions, size_t count,
                  ScriptApiContext* context) {
  for (size_t i = 0; i < count; ++i) {
    if (context != nullptr) {
      lua_pushlightuserdata(L, context);
      lua_pushcclosure(L, functions[i].function, 1);
    } else {
      lua_pushcfunction(L, functions[i].function);
    }
    lua_setfield(L, -2, functions[i].name);
  }
}

const char* stringArgument(lua_State* L, int index, size_t* length) {
  if (lua_type(L, index) != LUA_TSTRING) return nullptr;
  return lua_tolstring(L, index, length);
}

void pushAtriumModule(lua_State* L, ScriptApiContext& context, const ScriptRecord& record) {
  luaL_checkstack(L, 4, "atrium module");
  lua_createtable(L, 0, 11);
  pushJsonApi(L);
  lua_setfield(L, -2, "json");
  pushLogApi(L, context);
  lua_setfield(L, -2, "log");
  pushTimeApi(L);
  lua_setfield(L, -2, "time");
  pushCryptoApi(L);
  lua_setfield(L, -2, "crypto");
  pushTemplateApi(L);
  lua_setfield(L, -2, "template");
  pushDbApi(L, context);
  lua_setfield(L, -2, "db");
  pushMailApi(L, context);
  lua_setfield(L, -2, "mail");
  pushSmsApi(L, context);
  lua_setfield(L, -2, "sms");
  pushEventsApi(L, context);
  lua_setfield(L, -2, "events");
  pushAiApi(L, context);
  lua_setfield(L, -2, "ai");
  pushJson(L, *record.config);  // this script's own copy, rebuilt at every (re)load
  lua_setfield(L, -2, "config");
  lua_pushlstring(L, record.id.data(), record.id.size());
  lua_setfield(L, -2, "script_id");
}

}  // namespace atrium::host::lua

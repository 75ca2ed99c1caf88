#include "host/lua/sandbox.hpp"

#include <string>
#include <string_view>

#include "host/lua/c_stack_guard.hpp"
#include "host/lua/engine_core.hpp"
#include "host/lua/lua_value.hpp"
#include "host/lua/module_cache.hpp"
#include "host/lua/worker_state.hpp"

namespace atrium::host::lua {
namespace {

const char kPrototypeKey = 0;

constexpr const char* kBaseFunctions[] = {
    "assert",   "error",  "ipairs",   "next",         "pairs",        "pcall",
    "xpcall",   "select", "tonumber", "tostring",     "type",         "unpack",
    "rawequal", "rawget", "rawset",   "getmetatable", "setmetatable", "_VERSION",
};
constexpr const char* kLibraries[] = {"coroutine", "string", "table", "math", "bit"};
constexpr const char* kOsFunctions[] = {"time", "date", "clock"};

void openLibrary(lua_State* L, lua_CFunction open) {
  lua_pushcfunction(L, open);
  lua_call(L, 0, 0);
}

int collectGarbage(lua_State* L) {
  const char* option = luaL_optstring(L, 1, "count");
  if (std::string_view(option) != "count") {
    return luaL_error(L, "collectgarbage('%s') is not available to scripts", option);
  }
  lua_pushnumber(L, lua_gc(L, LUA_GCCOUNT, 0) + lua_gc(L, LUA_GCCOUNTB, 0) / 1024.0);
  return 1;
}

// Raising with the position of the Lua code that read or wrote the global (level 2).
int raiseAtCaller(lua_State* L, const std::string& message) {
  luaL_where(L, 2);
  lua_pushlstring(L, message.data(), message.size());
  lua_concat(L, 2);
  return lua_error(L);
}

std::string keyText(lua_State* L, int index) {
  if (lua_type(L, index) == LUA_TSTRING) return lua_tostring(L, index);
  return std::string("(") + luaL_typename(L, index) + ")";
}

int undefinedGlobal(lua_State* L) {
  return raiseAtCaller(L, "undefined global '" + keyText(L, 2) + "'");
}

int assignGlobal(lua_State* L) {
  return raiseAtCaller(
      L, "assignment to global '" + keyText(L, 2) + "' (globals are read-only; declare it local)");
}

// print(...) -> a debug line in the log, tagged with the script and the request.
int print(lua_State* L) {
  const CDepth level(L);  // tostring may call a __tostring that prints
  std::string text;
  const int count = lua_gettop(L);
  for (int i = 1; i <= count; ++i) {
    lua_pushvalue(L, lua_upvalueindex(2));  // tostring
    lua_pushvalue(L, i);
    lua_call(L, 1, 1);
    size_t length = 0;
    const char* piece = lua_tolstring(L, -1, &length);
    if (i > 1) text += '\t';
    if (piece != nullptr) text.append(piece, length);
    lua_pop(L, 1);
  }
  const ScriptApiContext& context = apiContext(L);
  context.state->core().logger().log(common::LogLevel::kDebug, text, context.state->requestId(),
                                     {{"script", context.script_id}, {"source", "print"}});
  return 0;
}

void copyTable(lua_State* L, int source) {
  lua_newtable(L);
  lua_pushnil(L);
  while (lua_next(L, source) != 0) {
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_rawset(L, -4);
  }
}

void setLockedMetatable(lua_State* L, int table, lua_CFunction index_function, int index_table,
                        lua_CFunction newindex) {
  lua_createtable(L, 0, 3);
  if (index_function != nullptr)
    lua_pushcfunction(L, index_function);
  else
    lua_pushvalue(L, index_table);
  lua_setfield(L, -2, "__index");
  if (newindex != nullptr) {
    lua_pushcfunction(L, newindex);
    lua_setfield(L, -2, "__newindex");
  }
  lua_pushliteral(L, "locked");
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, table);
}

void buildPrototype(lua_State* L) {
  lua_pushlightuserdata(L, const_cast<char*>(&kPrototypeKey));
  lua_newtable(L);
  const int prototype = lua_gettop(L);
  for (const char* name : kBaseFunctions) {
    lua_getglobal(L, name);
    lua_setfield(L, prototype, name);
  }
  for (const char* name : kLibraries) {
    lua_getglobal(L, name);
    lua_setfield(L, prototype, name);
  }
  lua_getglobal(L, "os");
  lua_createtable(L, 0, 3);
  for (const char* name : kOsFunctions) {
    lua_getfield(L, -2, name);
    lua_setfield(L, -2, name);
  }
  lua_setfield(L, prototype, "os");
  lua_pop(L, 1);
  lua_pushcfunction(L, collectGarbage);
  lua_setfield(L, prototype, "collectgarbage");
  lua_rawset(L, LUA_REGISTRYINDEX);
}

}  // namespace

void prepareSandbox(lua_State* L) {
  openLibrary(L, luaopen_base);
  openLibrary(L, luaopen_string);
  openLibrary(L, luaopen_table);
  openLibrary(L, luaopen_math);
  openLibrary(L, luaopen_bit);
  openLibrary(L, luaopen_os);
  installValueSupport(L);
  installCStackGuards(L);
  // string.dump would hand out bytecode; the library table is also the strings' __index.
  lua_getglobal(L, "string");
  lua_pushnil(L);
  lua_setfield(L, -2, "dump");
  lua_pop(L, 1);
  lua_pushliteral(L, "");
  lua_getmetatable(L, -1);
  lua_pushliteral(L, "locked");
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 2);
  buildPrototype(L);
  // The real globals keep nothing a script could reach through a library function's env.
  lua_newtable(L);
  lua_replace(L, LUA_GLOBALSINDEX);
}

void pushScriptEnvironment(lua_State* L, ScriptApiContext& context, const ScriptRecord& record) {
  luaL_checkstack(L, 8, "script environment");
  lua_newtable(L);  // the script's globals
  const int globals = lua_gettop(L);
  lua_pushlightuserdata(L, const_cast<char*>(&kPrototypeKey));
  lua_rawget(L, LUA_REGISTRYINDEX);
  const int prototype = lua_gettop(L);
  lua_pushnil(L);
  while (lua_next(L, prototype) != 0) {
    if (lua_istable(L, -1)) {
      copyTable(L, lua_gettop(L));
      lua_replace(L, -2);
    }
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_rawset(L, globals);
  }
  lua_pushlightuserdata(L, &context);
  lua_getfield(L, prototype, "tostring");
  lua_pushcclosure(L, print, 2);
  lua_setfield(L, globals, "print");
  lua_pushlightuserdata(L, &context);
  pushAtriumModule(L, context, record);
  lua_pushcclosure(L, requireModule, 2);
  lua_setfield(L, globals, "require");
  lua_pop(L, 1);  // prototype
  setLockedMetatable(L, globals, undefinedGlobal, 0, nullptr);
  lua_newtable(L);  // the environment: always empty, so every write reaches __newindex
  setLockedMetatable(L, lua_gettop(L), nullptr, globals, assignGlobal);
  lua_replace(L, globals);
}

}  // namespace atrium::host::lua

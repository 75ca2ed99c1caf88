// atrium.json: encode(value) -> text | nil, err; decode(text) -> value | nil, err;
// null (the JSON null sentinel); array(t?) -> t marked as a JSON array (so {} encodes as []).
#include <string>

#include "host/lua/api.hpp"
#include "host/lua/json_text.hpp"
#include "host/lua/lua_value.hpp"

namespace atrium::host::lua {
namespace {

int encode(lua_State* L) {
  if (lua_gettop(L) < 1) return pushFailure(L, "json.encode: a value is required");
  std::string text;
  try {
    appendJsonText(L, 1, text);
  } catch (const ConversionError& e) {
    return pushFailure(L, std::string("json.encode: ") + e.what());
  }
  lua_pushlstring(L, text.data(), text.size());
  return 1;
}

int decode(lua_State* L) {
  size_t length = 0;
  const char* text = stringArgument(L, 1, &length);
  if (text == nullptr) return pushFailure(L, "json.decode: the argument must be a string");
  std::string error;
  if (!pushJsonText(L, std::string_view(text, length), &error)) {
    return pushFailure(L, "json.decode: " + error);
  }
  return 1;
}

int array(lua_State* L) {
  if (lua_isnoneornil(L, 1)) {
    lua_settop(L, 0);
    lua_newtable(L);
  } else if (!lua_istable(L, 1)) {
    return pushFailure(L, "json.array: the argument must be a table");
  }
  lua_settop(L, 1);
  pushArrayMetatable(L);
  lua_setmetatable(L, 1);
  return 1;
}

constexpr ApiFunction kFunctions[] = {
    {"encode", guarded<encode>},
    {"decode", guarded<decode>},
    {"array", guarded<array>},
};

}  // namespace

void pushJsonApi(lua_State* L) {
  lua_createtable(L, 0, 4);
  setFunctions(L, kFunctions);
  pushJsonNull(L);
  lua_setfield(L, -2, "null");
}

}  // namespace atrium::host::lua

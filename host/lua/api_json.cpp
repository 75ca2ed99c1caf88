// atrium.json: encode(value) -> text | nil, err; decode(text) -> value | nil, err;
// null (the JSON null sentinel); array(t?) -> t marked as a JSON array (so {} encodes as []).
#include <string>

#include <nlohmann/json.hpp>

#include "host/lua/api.hpp"
#include "host/lua/lua_value.hpp"

namespace atrium::host::lua {
namespace {

int encode(lua_State* L) {
  if (lua_gettop(L) < 1) return pushFailure(L, "json.encode: a value is required");
  std::string text;
  try {
    text = toJson(L, 1).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } catch (const ConversionError& e) {
    return pushFailure(L, std::string("json.encode: ") + e.what());
  }
  lua_pushlstring(L, text.data(), text.size());
  return 1;
}

// The parser's message without its "[json.exception.parse_error.101] " prefix.
std::string parseMessage(const std::exception& e) {
  std::string message = e.what();
  const size_t bracket = message.find("] ");
  if (message.rfind("[json.exception", 0) == 0 && bracket != std::string::npos) {
    message.erase(0, bracket + 2);
  }
  return message;
}

int decode(lua_State* L) {
  size_t length = 0;
  const char* text = stringArgument(L, 1, &length);
  if (text == nullptr) return pushFailure(L, "json.decode: the argument must be a string");
  nlohmann::json value;
  try {
    const auto limit_depth = [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
      if (depth > kMaxDepth) throw ConversionError("nesting deeper than 100 levels");
      return true;
    };
    value = nlohmann::json::parse(std::string_view(text, length), limit_depth);
  } catch (const ConversionError& e) {
    return pushFailure(L, std::string("json.decode: ") + e.what());
  } catch (const nlohmann::json::exception& e) {
    return pushFailure(L, "json.decode: " + parseMessage(e));
  }
  pushJson(L, value);
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

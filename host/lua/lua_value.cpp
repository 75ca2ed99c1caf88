#include "host/lua/lua_value.hpp"

#include <cmath>
#include <cstdint>
#include <string_view>

#include "host/lua/byte_scan.hpp"

namespace atrium::host::lua {
namespace {

const char kArrayMetatableKey = 0;

// Length of the valid UTF-8 sequence at text[i], or 0 when it is invalid.
size_t utf8Length(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  size_t length = 0;
  uint32_t min = 0;
  uint32_t code = 0;
  if ((lead & 0xE0) == 0xC0)
    length = 2, min = 0x80, code = lead & 0x1F;
  else if ((lead & 0xF0) == 0xE0)
    length = 3, min = 0x800, code = lead & 0x0F;
  else if ((lead & 0xF8) == 0xF0)
    length = 4, min = 0x10000, code = lead & 0x07;
  else
    return 0;
  if (i + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    code = (code << 6) | (byte(i + k) & 0x3F);
  }
  if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
  return length;
}

nlohmann::json convert(lua_State* L, int index, int depth);

}  // namespace

bool integralNumber(double number, int64_t& out) {
  if (std::trunc(number) != number || std::fabs(number) >= 9.2e18) return false;
  out = static_cast<int64_t>(number);
  return true;
}

std::string numberKey(double number) {
  int64_t whole = 0;
  if (integralNumber(number, whole)) return std::to_string(whole);
  return nlohmann::json(number).dump();
}

bool markedArray(lua_State* L, int index) {
  if (!lua_getmetatable(L, index)) return false;
  pushArrayMetatable(L);
  const bool marked = lua_rawequal(L, -1, -2) != 0;
  lua_pop(L, 2);
  return marked;
}

namespace {

// Arrays: every key a positive integer and the keys exactly 1..n.
bool arrayShaped(lua_State* L, int index, bool& empty) {
  size_t count = 0;
  double max = 0;
  bool integers = true;
  lua_pushnil(L);
  while (lua_next(L, index) != 0) {
    lua_pop(L, 1);
    ++count;
    int64_t whole = 0;
    if (lua_type(L, -1) != LUA_TNUMBER || !integralNumber(lua_tonumber(L, -1), whole) ||
        whole < 1) {
      integers = false;
    } else if (static_cast<double>(whole) > max) {
      max = static_cast<double>(whole);
    }
  }
  empty = count == 0;
  return integers && count > 0 && static_cast<double>(count) == max;
}

}  // namespace

bool arrayTable(lua_State* L, int index) {
  bool empty = false;
  const bool shaped = arrayShaped(L, index, empty);
  if (markedArray(L, index)) {
    if (!shaped && !empty) throw ConversionError(": a table marked as array has non-array keys");
    return true;
  }
  return shaped;
}

namespace {

nlohmann::json convertArray(lua_State* L, int index, int depth) {
  nlohmann::json out = nlohmann::json::array();
  const size_t length = lua_objlen(L, index);
  for (size_t i = 1; i <= length; ++i) {
    lua_rawgeti(L, index, static_cast<int>(i));
    try {
      out.push_back(convert(L, lua_gettop(L), depth + 1));
    } catch (const ConversionError& e) {
      throw ConversionError("[" + std::to_string(i) + "]" + e.what());
    }
    lua_pop(L, 1);
  }
  return out;
}

std::string objectKey(lua_State* L) {
  if (lua_type(L, -2) == LUA_TSTRING) {
    size_t length = 0;
    const char* text = lua_tolstring(L, -2, &length);
    return validUtf8({text, length});
  }
  if (lua_type(L, -2) == LUA_TNUMBER) return numberKey(lua_tonumber(L, -2));
  throw ConversionError(std::string(": a ") + luaL_typename(L, -2) +
                        " key cannot be converted to JSON");
}

nlohmann::json convertObject(lua_State* L, int index, int depth) {
  nlohmann::json out = nlohmann::json::object();
  lua_pushnil(L);
  while (lua_next(L, index) != 0) {
    const std::string key = objectKey(L);
    try {
      out[key] = convert(L, lua_gettop(L), depth + 1);
    } catch (const ConversionError& e) {
      throw ConversionError("." + key + e.what());
    }
    lua_pop(L, 1);
  }
  return out;
}

nlohmann::json convertTable(lua_State* L, int index, int depth) {
  if (depth >= kMaxDepth) {
    throw ConversionError(": nesting deeper than " + std::to_string(kMaxDepth) +
                          " levels (a table that contains itself?)");
  }
  if (!lua_checkstack(L, 4)) throw ConversionError(": Lua stack exhausted");
  return arrayTable(L, index) ? convertArray(L, index, depth) : convertObject(L, index, depth);
}

nlohmann::json convert(lua_State* L, int index, int depth) {
  switch (lua_type(L, index)) {
    case LUA_TNIL: return nullptr;
    case LUA_TBOOLEAN: return lua_toboolean(L, index) != 0;
    case LUA_TNUMBER: {
      const double number = lua_tonumber(L, index);
      if (!std::isfinite(number)) throw ConversionError(": NaN and infinity have no JSON form");
      int64_t whole = 0;
      if (integralNumber(number, whole)) return whole;
      return number;
    }
    case LUA_TSTRING: {
      size_t length = 0;
      const char* text = lua_tolstring(L, index, &length);
      return validUtf8({text, length});
    }
    case LUA_TLIGHTUSERDATA:
      if (isJsonNull(L, index)) return nullptr;
      break;
    case LUA_TTABLE: return convertTable(L, index, depth);
    default: break;
  }
  throw ConversionError(std::string(": a ") + luaL_typename(L, index) +
                        " cannot be converted to JSON");
}

void pushJsonAt(lua_State* L, const nlohmann::json& value, int depth) {
  if (depth >= kMaxDepth) luaL_error(L, "JSON nesting deeper than %d levels", kMaxDepth);
  luaL_checkstack(L, 4, "JSON nesting");
  switch (value.type()) {
    case nlohmann::json::value_t::null: pushJsonNull(L); return;
    case nlohmann::json::value_t::boolean: lua_pushboolean(L, value.get<bool>() ? 1 : 0); return;
    case nlohmann::json::value_t::number_integer:
      lua_pushnumber(L, static_cast<lua_Number>(value.get<int64_t>()));
      return;
    case nlohmann::json::value_t::number_unsigned:
      lua_pushnumber(L, static_cast<lua_Number>(value.get<uint64_t>()));
      return;
    case nlohmann::json::value_t::number_float: lua_pushnumber(L, value.get<double>()); return;
    case nlohmann::json::value_t::string: {
      const auto& text = value.get_ref<const std::string&>();
      lua_pushlstring(L, text.data(), text.size());
      return;
    }
    case nlohmann::json::value_t::array: {
      lua_createtable(L, static_cast<int>(value.size()), 0);
      int i = 0;
      for (const auto& item : value) {
        pushJsonAt(L, item, depth + 1);
        lua_rawseti(L, -2, ++i);
      }
      pushArrayMetatable(L);
      lua_setmetatable(L, -2);
      return;
    }
    case nlohmann::json::value_t::object:
      lua_createtable(L, 0, static_cast<int>(value.size()));
      for (const auto& [key, item] : value.items()) {
        lua_pushlstring(L, key.data(), key.size());
        pushJsonAt(L, item, depth + 1);
        lua_rawset(L, -3);
      }
      return;
    case nlohmann::json::value_t::binary: {
      const auto& bytes = value.get_binary();
      lua_pushlstring(L, reinterpret_cast<const char*>(bytes.data()), bytes.size());
      return;
    }
    case nlohmann::json::value_t::discarded: lua_pushnil(L); return;
  }
}

}  // namespace

void installValueSupport(lua_State* L) {
  lua_pushlightuserdata(L, const_cast<char*>(&kArrayMetatableKey));
  lua_createtable(L, 0, 2);
  lua_pushliteral(L, "json array");
  lua_setfield(L, -2, "__metatable");  // protected: scripts cannot alter the shared marker
  lua_rawset(L, LUA_REGISTRYINDEX);
}

void pushJsonNull(lua_State* L) { lua_pushlightuserdata(L, nullptr); }

bool isJsonNull(lua_State* L, int index) {
  return lua_type(L, index) == LUA_TLIGHTUSERDATA && lua_touserdata(L, index) == nullptr;
}

void pushArrayMetatable(lua_State* L) {
  lua_pushlightuserdata(L, const_cast<char*>(&kArrayMetatableKey));
  lua_rawget(L, LUA_REGISTRYINDEX);
}

void pushJson(lua_State* L, const nlohmann::json& value) { pushJsonAt(L, value, 0); }

nlohmann::json toJson(lua_State* L, int index) {
  const int absolute = index > 0 || index <= LUA_REGISTRYINDEX ? index : lua_gettop(L) + index + 1;
  const int top = lua_gettop(L);
  try {
    return convert(L, absolute, 0);
  } catch (const ConversionError& e) {
    lua_settop(L, top);
    std::string path = e.what();
    if (!path.empty() && path[0] == '.') path.erase(0, 1);
    if (path.rfind(": ", 0) == 0) path.erase(0, 2);
    throw ConversionError(path);
  }
}

void pushDbValue(lua_State* L, const db::Value& value) {
  switch (db::typeOf(value)) {
    case db::ValueType::kNull: lua_pushnil(L); return;
    case db::ValueType::kInt:
      lua_pushnumber(L, static_cast<lua_Number>(std::get<int64_t>(value)));
      return;
    case db::ValueType::kDouble: lua_pushnumber(L, std::get<double>(value)); return;
    case db::ValueType::kText: {
      const auto& text = std::get<std::string>(value);
      lua_pushlstring(L, text.data(), text.size());
      return;
    }
    case db::ValueType::kBool: lua_pushboolean(L, std::get<bool>(value) ? 1 : 0); return;
    case db::ValueType::kBlob: {
      const auto& bytes = std::get<db::Blob>(value).bytes;
      lua_pushlstring(L, bytes.data(), bytes.size());
      return;
    }
  }
}

db::Value toDbValue(lua_State* L, int index) {
  switch (lua_type(L, index)) {
    case LUA_TNIL: return std::monostate{};
    case LUA_TBOOLEAN: return lua_toboolean(L, index) != 0;
    case LUA_TNUMBER: {
      const double number = lua_tonumber(L, index);
      int64_t whole = 0;
      if (integralNumber(number, whole)) return whole;
      return number;
    }
    case LUA_TSTRING: {
      size_t length = 0;
      const char* text = lua_tolstring(L, index, &length);
      return std::string(text, length);
    }
    default:
      if (isJsonNull(L, index)) return std::monostate{};
      throw ConversionError(std::string("a ") + luaL_typename(L, index) +
                            " cannot be a parameter (use a string, number, boolean or "
                            "atrium.json.null)");
  }
}

size_t validUtf8Prefix(std::string_view text) {
  size_t i = byte_scan::asciiPrefix(text);
  while (i < text.size()) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const size_t length = utf8Length(text, i);
    if (length == 0) break;
    i += length;
  }
  return i;
}

std::string validUtf8(std::string_view text) {
  size_t i = validUtf8Prefix(text);
  if (i == text.size()) return std::string(text);
  std::string out(text.substr(0, i));
  while (i < text.size()) {
    const size_t length = utf8Length(text, i);
    if (length == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

}  // namespace atrium::host::lua

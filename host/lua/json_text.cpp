#include "host/lua/json_text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/lua/lua_value.hpp"

namespace atrium::host::lua {
namespace {

// ---- Lua -> JSON text ---------------------------------------------------------------------

// One key of an object being written: keys are sorted (as nlohmann::json's std::map sorts
// them), then each value is fetched again by its Lua key.
struct KeyEntry {
  std::string_view text;  // the Lua string key, when it is valid UTF-8
  std::string owned;      // otherwise the JSON key: number keys, keys with repaired UTF-8
  size_t order = 0;       // position in lua_next order: the last of equal keys wins
  bool number_key = false;
  double number = 0;
};

std::string_view keyOf(const KeyEntry& entry) {
  return entry.owned.empty() ? entry.text : std::string_view(entry.owned);
}

class TextWriter {
 public:
  // `keys` is scratch space for object keys, reused across calls on this thread.
  TextWriter(lua_State* L, std::string& out, std::vector<KeyEntry>& keys)
      : L_(L), out_(out), keys_(keys) {
    keys_.clear();
  }

  void value(int index, int depth) {
    switch (lua_type(L_, index)) {
      case LUA_TNIL: out_ += "null"; return;
      case LUA_TBOOLEAN: out_ += lua_toboolean(L_, index) != 0 ? "true" : "false"; return;
      case LUA_TNUMBER: number(lua_tonumber(L_, index)); return;
      case LUA_TSTRING: {
        size_t length = 0;
        const char* text = lua_tolstring(L_, index, &length);
        string({text, length});
        return;
      }
      case LUA_TLIGHTUSERDATA:
        if (isJsonNull(L_, index)) {
          out_ += "null";
          return;
        }
        break;
      case LUA_TTABLE: table(index, depth); return;
      default: break;
    }
    throw ConversionError(std::string(": a ") + luaL_typename(L_, index) +
                          " cannot be converted to JSON");
  }

 private:
  void number(double value) {
    if (!std::isfinite(value)) throw ConversionError(": NaN and infinity have no JSON form");
    int64_t whole = 0;
    char buffer[64];
    if (integralNumber(value, whole)) {
      const char* end = std::to_chars(buffer, buffer + sizeof buffer, whole).ptr;
      out_.append(buffer, static_cast<size_t>(end - buffer));
      return;
    }
    // The formatting nlohmann::json::dump uses, so both paths print the same digits.
    const char* end = nlohmann::detail::to_chars(buffer, buffer + sizeof buffer, value);
    out_.append(buffer, static_cast<size_t>(end - buffer));
  }

  void string(std::string_view text) {
    const size_t valid = validUtf8Prefix(text);
    if (valid == text.size()) {
      escaped(text);
    } else {
      escaped(validUtf8(text));
    }
  }

  void escaped(std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    out_ += '"';
    size_t run = 0;  // start of the bytes not yet copied
    for (size_t i = 0; i < text.size(); ++i) {
      const auto c = static_cast<unsigned char>(text[i]);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      out_.append(text.data() + run, i - run);
      run = i + 1;
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\b': out_ += "\\b"; break;
        case '\f': out_ += "\\f"; break;
        case '\n': out_ += "\\n"; break;
        case '\r': out_ += "\\r"; break;
        case '\t': out_ += "\\t"; break;
        default: {
          const char escape[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
          out_.append(escape, sizeof escape);
        }
      }
    }
    out_.append(text.data() + run, text.size() - run);
    out_ += '"';
  }

  void table(int index, int depth) {
    if (depth >= kMaxDepth) {
      throw ConversionError(": nesting deeper than " + std::to_string(kMaxDepth) +
                            " levels (a table that contains itself?)");
    }
    if (!lua_checkstack(L_, 4)) throw ConversionError(": Lua stack exhausted");
    if (arrayTable(L_, index)) {
      array(index, depth);
    } else {
      object(index, depth);
    }
  }

  void array(int index, int depth) {
    out_ += '[';
    const size_t length = lua_objlen(L_, index);
    for (size_t i = 1; i <= length; ++i) {
      if (i > 1) out_ += ',';
      lua_rawgeti(L_, index, static_cast<int>(i));
      try {
        value(lua_gettop(L_), depth + 1);
      } catch (const ConversionError& e) {
        throw ConversionError("[" + std::to_string(i) + "]" + e.what());
      }
      lua_pop(L_, 1);
    }
    out_ += ']';
  }

  // Collects this object's keys at the end of keys_ (nested objects use the space after them).
  void collectKeys(int index) {
    lua_pushnil(L_);
    size_t order = 0;
    while (lua_next(L_, index) != 0) {
      lua_pop(L_, 1);
      KeyEntry& entry = keys_.emplace_back();
      entry.order = order++;
      if (lua_type(L_, -1) == LUA_TSTRING) {
        size_t length = 0;
        const char* text = lua_tolstring(L_, -1, &length);
        const std::string_view key(text, length);
        if (validUtf8Prefix(key) == key.size()) {
          entry.text = key;
        } else {
          entry.owned = validUtf8(key);
        }
      } else if (lua_type(L_, -1) == LUA_TNUMBER) {
        entry.number_key = true;
        entry.number = lua_tonumber(L_, -1);
        entry.owned = numberKey(entry.number);
      } else {
        throw ConversionError(std::string(": a ") + luaL_typename(L_, -1) +
                              " key cannot be converted to JSON");
      }
    }
  }

  void object(int index, int depth) {
    const size_t first = keys_.size();
    collectKeys(index);
    std::sort(keys_.begin() + static_cast<ptrdiff_t>(first), keys_.end(),
              [](const KeyEntry& a, const KeyEntry& b) {
                return keyOf(a) != keyOf(b) ? keyOf(a) < keyOf(b) : a.order < b.order;
              });
    out_ += '{';
    bool separator = false;
    const size_t last = keys_.size();
    for (size_t k = first; k < last; ++k) {
      // Keys equal once written (1 and "1"): the later one wins, as in toJson.
      if (k + 1 < last && keyOf(keys_[k + 1]) == keyOf(keys_[k])) continue;
      if (separator) out_ += ',';
      separator = true;
      escaped(keyOf(keys_[k]));
      out_ += ':';
      if (keys_[k].number_key) {
        lua_pushnumber(L_, keys_[k].number);
      } else if (keys_[k].owned.empty()) {
        lua_pushlstring(L_, keys_[k].text.data(), keys_[k].text.size());
      } else {
        pushKeyAt(index, keys_[k].order);  // a repaired key no longer names the Lua key
      }
      lua_rawget(L_, index);
      try {
        value(lua_gettop(L_), depth + 1);  // may grow keys_: index it again afterwards
      } catch (const ConversionError& e) {
        throw ConversionError("." + std::string(keyOf(keys_[k])) + e.what());
      }
      lua_pop(L_, 1);
    }
    out_ += '}';
    keys_.resize(first);
  }

  // Pushes the `order`-th key of the table in lua_next order (rare: keys with invalid UTF-8).
  void pushKeyAt(int index, size_t order) {
    lua_pushnil(L_);
    for (size_t i = 0; lua_next(L_, index) != 0; ++i) {
      lua_pop(L_, 1);
      if (i == order) return;
    }
    lua_pushnil(L_);  // cannot happen: the table did not change
  }

  lua_State* L_;
  std::string& out_;
  std::vector<KeyEntry>& keys_;
};

// ---- JSON text -> Lua ---------------------------------------------------------------------

// nlohmann's SAX interface, building the Lua value on the stack as the parser goes.
class LuaBuilder {
 public:
  using number_integer_t = nlohmann::json::number_integer_t;
  using number_unsigned_t = nlohmann::json::number_unsigned_t;
  using number_float_t = nlohmann::json::number_float_t;
  using string_t = nlohmann::json::string_t;
  using binary_t = nlohmann::json::binary_t;

  explicit LuaBuilder(lua_State* L) : L_(L) { frames_.reserve(16); }

  bool null() {
    pushJsonNull(L_);
    return attach();
  }
  bool boolean(bool value) {
    lua_pushboolean(L_, value ? 1 : 0);
    return attach();
  }
  bool number_integer(number_integer_t value) {
    lua_pushnumber(L_, static_cast<lua_Number>(value));
    return attach();
  }
  bool number_unsigned(number_unsigned_t value) {
    lua_pushnumber(L_, static_cast<lua_Number>(value));
    return attach();
  }
  bool number_float(number_float_t value, const string_t& /*text*/) {
    lua_pushnumber(L_, value);
    return attach();
  }
  bool string(string_t& value) {
    lua_pushlstring(L_, value.data(), value.size());
    return attach();
  }
  bool binary(binary_t& /*value*/) { return false; }  // not in JSON text
  bool start_object(std::size_t /*elements*/) { return open(false); }
  bool key(string_t& value) {
    lua_pushlstring(L_, value.data(), value.size());
    return true;
  }
  bool end_object() {
    frames_.pop_back();
    return attach();
  }
  bool start_array(std::size_t /*elements*/) { return open(true); }
  bool end_array() {
    pushArrayMetatable(L_);
    lua_setmetatable(L_, -2);
    frames_.pop_back();
    return attach();
  }
  bool parse_error(std::size_t /*position*/, const std::string& /*token*/,
                   const nlohmann::detail::exception& e) {
    error_ = e.what();
    const size_t bracket = error_.find("] ");
    if (error_.rfind("[json.exception", 0) == 0 && bracket != std::string::npos) {
      error_.erase(0, bracket + 2);
    }
    return false;
  }

  const std::string& error() const { return error_; }

 private:
  struct Frame {
    bool array;
    int count;
  };

  bool open(bool array) {
    if (frames_.size() >= static_cast<size_t>(kMaxDepth)) {
      error_ = "nesting deeper than " + std::to_string(kMaxDepth) + " levels";
      return false;
    }
    lua_createtable(L_, array ? 4 : 0, array ? 0 : 4);
    frames_.push_back({array, 0});
    return true;
  }

  // Stores the value on top into the enclosing array or object (the key is below it).
  bool attach() {
    if (frames_.empty()) return true;
    Frame& frame = frames_.back();
    if (frame.array) {
      lua_rawseti(L_, -2, ++frame.count);
    } else {
      lua_rawset(L_, -3);
    }
    return true;
  }

  lua_State* L_;
  std::vector<Frame> frames_;
  std::string error_;
};

}  // namespace

void appendJsonText(lua_State* L, int index, std::string& out) {
  const int absolute = index > 0 || index <= LUA_REGISTRYINDEX ? index : lua_gettop(L) + index + 1;
  const int top = lua_gettop(L);
  // Per thread, so that writing an object allocates nothing once the thread has warmed up.
  thread_local std::vector<KeyEntry> keys;
  if (out.capacity() < 128) out.reserve(128);
  try {
    TextWriter(L, out, keys).value(absolute, 0);
  } catch (const ConversionError& e) {
    lua_settop(L, top);
    std::string path = e.what();
    if (!path.empty() && path[0] == '.') path.erase(0, 1);
    if (path.rfind(": ", 0) == 0) path.erase(0, 2);
    throw ConversionError(path);
  }
}

bool pushJsonText(lua_State* L, std::string_view text, std::string* error) {
  const int top = lua_gettop(L);
  // A table and a pending key per level, and the value being built.
  luaL_checkstack(L, 2 * kMaxDepth + 8, "JSON nesting");
  LuaBuilder builder(L);
  const bool parsed = nlohmann::json::sax_parse(text.data(), text.data() + text.size(), &builder);
  if (parsed && lua_gettop(L) == top + 1) return true;
  lua_settop(L, top);
  if (error != nullptr) *error = builder.error().empty() ? "not a JSON value" : builder.error();
  return false;
}

}  // namespace atrium::host::lua

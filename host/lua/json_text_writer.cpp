#include "host/lua/json_text.hpp"

// Lua -> JSON text (appendJsonText).

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/lua/byte_scan.hpp"
#include "host/lua/lua_value.hpp"

namespace atrium::host::lua {
namespace {

// One key of a table being written, collected in one lua_next pass that also decides array or
// object. Object keys are sorted (as nlohmann::json's std::map sorts them); the value of each of
// the first kStackValues keys stays on the Lua stack from that pass, later ones are fetched
// again by key. Trivially copyable (owned key texts live in WriterScratch::owned), so that
// sorting an object's keys moves a few words per key.
struct KeyEntry {
  std::string_view text;  // the Lua string key, when it is valid UTF-8
  int owned = -1;         // otherwise the JSON key's index in the writer's owned keys: number
                          // keys, keys with repaired UTF-8
  int slot = 0;           // stack index of the value, 0 when not kept
  size_t order = 0;       // position in lua_next order: the last of equal keys wins
  bool number_key = false;
  bool plain = false;  // a string key of plain ASCII: written without escaping
  double number = 0;
  const char* bad_type = nullptr;  // a key type JSON has no form for (an error in an object)
};

// Per thread, so that writing allocates nothing once the thread has warmed up.
struct WriterScratch {
  std::vector<KeyEntry> keys;
  std::vector<std::string> owned;  // the JSON text of keys that are not a Lua string as it is
};

// Appends to a std::string through a cursor: the string is sized ahead of the writer (one
// check per piece instead of std::string's bookkeeping for every character) and cut to what
// was written when the Output goes away. Sizing zero-fills, so the first room is what the
// string already holds, up to 4 KiB: a reused string with a large capacity is not cleared
// whole for a small result.
class Output {
 public:
  explicit Output(std::string& out) : out_(out), length_(out.size()) {
    out_.resize(std::max(length_ + 64, std::min(out_.capacity(), length_ + 4096)));
  }
  ~Output() { out_.resize(length_); }
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  // Room for `n` more bytes at the returned cursor; commit them with advance(n).
  char* room(size_t n) {
    if (out_.size() - length_ < n) [[unlikely]]
      grow(n);
    return out_.data() + length_;
  }
  void advance(size_t n) { length_ += n; }

  void operator+=(char c) {
    *room(1) = c;
    ++length_;
  }
  void operator+=(std::string_view text) { append(text.data(), text.size()); }
  void append(const char* data, size_t size) {
    std::memcpy(room(size), data, size);
    length_ += size;
  }

 private:
  [[gnu::noinline]] void grow(size_t n) { out_.resize(std::max(2 * out_.size(), length_ + n)); }

  std::string& out_;
  size_t length_;  // bytes written; out_.size() is the room
};

class TextWriter {
 public:
  TextWriter(lua_State* L, std::string& out, WriterScratch& scratch)
      : L_(L), out_(out), keys_(scratch.keys), owned_(scratch.owned) {
    keys_.clear();
    owned_.clear();
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
    constexpr size_t kRoom = 64;  // enough for any double nlohmann writes, and any int64
    char* cursor = out_.room(kRoom);
    if (integralNumber(value, whole)) {
      out_.advance(static_cast<size_t>(std::to_chars(cursor, cursor + kRoom, whole).ptr - cursor));
      return;
    }
    // The formatting nlohmann::json::dump uses, so both paths print the same digits.
    out_.advance(
        static_cast<size_t>(nlohmann::detail::to_chars(cursor, cursor + kRoom, value) - cursor));
  }

  // Any Lua string: invalid UTF-8 is replaced.
  void string(std::string_view text) {
    if (plainAscii(text)) {
      quoted(text);
    } else if (validUtf8Prefix(text) == text.size()) {
      escaped(text);
    } else {
      escaped(validUtf8(text));
    }
  }

  // ASCII without a byte JSON escapes: written as it is (most keys and values).
  static bool plainAscii(std::string_view text) {
    bool non_ascii = false;
    return byte_scan::plainJsonRun(text, 0, non_ascii) == text.size() && !non_ascii;
  }

  void quoted(std::string_view text) {
    char* cursor = out_.room(text.size() + 2);
    cursor[0] = '"';
    std::memcpy(cursor + 1, text.data(), text.size());
    cursor[text.size() + 1] = '"';
    out_.advance(text.size() + 2);
  }

  void escaped(std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    bool non_ascii = false;  // not needed: the caller wrote valid UTF-8
    size_t i = byte_scan::plainJsonRun(text, 0, non_ascii);
    if (i == text.size()) {  // nothing to escape
      quoted(text);
      return;
    }
    out_ += '"';
    size_t run = 0;  // start of the bytes not yet copied
    while (i < text.size()) {
      const auto c = static_cast<unsigned char>(text[i++]);
      out_.append(text.data() + run, i - 1 - run);
      run = i;
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
      i += byte_scan::plainJsonRun(text, i, non_ascii);
    }
    out_.append(text.data() + run, text.size() - run);
    out_ += '"';
  }

  static constexpr size_t kStackValues = 32;

  void table(int index, int depth) {
    if (depth >= kMaxDepth) {
      throw ConversionError(": nesting deeper than " + std::to_string(kMaxDepth) +
                            " levels (a table that contains itself?)");
    }
    if (!lua_checkstack(L_, static_cast<int>(2 * kStackValues) + 4)) {
      throw ConversionError(": Lua stack exhausted");
    }
    const int top = lua_gettop(L_);
    const size_t first = keys_.size();
    const size_t first_owned = owned_.size();
    size_t count = 0;
    double max = 0;
    bool integers = true;  // every key a positive integer
    lua_pushnil(L_);
    while (lua_next(L_, index) != 0) {  // ..., key, value
      KeyEntry& entry = keys_.emplace_back();
      entry.order = count++;
      readKey(entry, integers, max);
      if (count <= kStackValues) {
        entry.slot = lua_gettop(L_);  // the value stays; lua_next gets a copy of the key
        lua_pushvalue(L_, -2);
      } else {
        lua_pop(L_, 1);
      }
    }
    const bool empty = count == 0;
    const bool shaped = integers && !empty && static_cast<double>(count) == max;
    bool is_array = shaped;
    if (markedArray(L_, index)) {
      if (!shaped && !empty) throw ConversionError(": a table marked as array has non-array keys");
      is_array = true;
    }
    if (is_array) {
      array(index, depth);
    } else {
      object(index, depth, first);
    }
    keys_.resize(first);
    owned_.resize(first_owned);
    lua_settop(L_, top);
  }

  // The key at -2 (its value at -1).
  void readKey(KeyEntry& entry, bool& integers, double& max) {
    const int type = lua_type(L_, -2);
    if (type == LUA_TSTRING) {
      integers = false;
      size_t length = 0;
      const char* text = lua_tolstring(L_, -2, &length);
      const std::string_view key(text, length);
      entry.plain = plainAscii(key);
      if (entry.plain || validUtf8Prefix(key) == key.size()) {
        entry.text = key;
      } else {
        entry.owned = own(validUtf8(key));
      }
    } else if (type == LUA_TNUMBER) {
      entry.number_key = true;
      entry.number = lua_tonumber(L_, -2);
      int64_t whole = 0;
      if (!integralNumber(entry.number, whole) || whole < 1) {
        integers = false;
      } else if (static_cast<double>(whole) > max) {
        max = static_cast<double>(whole);
      }
    } else {
      integers = false;
      entry.bad_type = luaL_typename(L_, -2);
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

  // The keys_ from `first` on are this object's.
  void object(int index, int depth, size_t first) {
    for (size_t k = first; k < keys_.size(); ++k) {
      KeyEntry& entry = keys_[k];
      if (entry.bad_type != nullptr) {
        throw ConversionError(std::string(": a ") + entry.bad_type +
                              " key cannot be converted to JSON");
      }
      if (entry.number_key) entry.owned = own(numberKey(entry.number));
    }
    std::sort(keys_.begin() + static_cast<ptrdiff_t>(first), keys_.end(),
              [this](const KeyEntry& a, const KeyEntry& b) {
                const int order = keyOf(a).compare(keyOf(b));
                return order != 0 ? order < 0 : a.order < b.order;
              });
    out_ += '{';
    bool separator = false;
    const size_t last = keys_.size();
    for (size_t k = first; k < last; ++k) {
      // Keys equal once written (1 and "1"): the later one wins, as in toJson.
      if (k + 1 < last && keyOf(keys_[k + 1]) == keyOf(keys_[k])) continue;
      if (separator) out_ += ',';
      separator = true;
      if (keys_[k].plain) {
        quoted(keys_[k].text);
      } else {
        escaped(keyOf(keys_[k]));
      }
      out_ += ':';
      if (keys_[k].slot != 0) {
        lua_pushvalue(L_, keys_[k].slot);
      } else {
        if (keys_[k].number_key) {
          lua_pushnumber(L_, keys_[k].number);
        } else if (keys_[k].owned < 0) {
          lua_pushlstring(L_, keys_[k].text.data(), keys_[k].text.size());
        } else {
          pushKeyAt(index, keys_[k].order);  // a repaired key no longer names the Lua key
        }
        lua_rawget(L_, index);
      }
      try {
        value(lua_gettop(L_), depth + 1);  // may grow keys_: index it again afterwards
      } catch (const ConversionError& e) {
        throw ConversionError("." + std::string(keyOf(keys_[k])) + e.what());
      }
      lua_pop(L_, 1);
    }
    out_ += '}';
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

  int own(std::string key) {
    owned_.push_back(std::move(key));
    return static_cast<int>(owned_.size() - 1);
  }

  std::string_view keyOf(const KeyEntry& entry) const {
    return entry.owned < 0 ? entry.text
                           : std::string_view(owned_[static_cast<size_t>(entry.owned)]);
  }

  lua_State* L_;
  Output out_;
  std::vector<KeyEntry>& keys_;
  std::vector<std::string>& owned_;
};

}  // namespace

void appendJsonText(lua_State* L, int index, std::string& out) {
  const int absolute = index > 0 || index <= LUA_REGISTRYINDEX ? index : lua_gettop(L) + index + 1;
  const int top = lua_gettop(L);
  thread_local WriterScratch scratch;
  if (out.capacity() < 128) out.reserve(128);
  try {
    TextWriter(L, out, scratch).value(absolute, 0);
  } catch (const ConversionError& e) {
    lua_settop(L, top);
    std::string path = e.what();
    if (!path.empty() && path[0] == '.') path.erase(0, 1);
    if (path.rfind(": ", 0) == 0) path.erase(0, 2);
    throw ConversionError(path);
  }
}

}  // namespace atrium::host::lua

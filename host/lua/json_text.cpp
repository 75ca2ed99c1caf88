#include "host/lua/json_text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <system_error>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/lua/byte_scan.hpp"
#include "host/lua/lua_value.hpp"

namespace atrium::host::lua {
namespace {

// ---- Lua -> JSON text ---------------------------------------------------------------------

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

// ---- JSON text -> Lua ---------------------------------------------------------------------

// A strict RFC 8259 parser that pushes the Lua value as it reads (nlohmann's lexer copies every
// character into a token buffer and was 70 % of a rule call's cost). It accepts and refuses
// exactly what nlohmann::json::parse does (the tests compare both on a corpus): UTF-8 is
// validated, lone surrogates are refused, numbers that overflow a double are refused.
class TextReader {
 public:
  TextReader(lua_State* L, std::string_view text, std::string& scratch)
      : L_(L), text_(text), scratch_(scratch) {}

  // Pushes the value; on failure pushes nothing more than what the caller will drop.
  bool document() {
    skipSpace();
    if (!value(0)) return false;
    skipSpace();
    if (at_ != text_.size()) return fail("unexpected characters after the value");
    return true;
  }

  const std::string& error() const { return error_; }

 private:
  // "parse error at line 2, column 7: expected ':'" (both 1-based; the column counts bytes).
  bool fail(const std::string& what) {
    if (!error_.empty()) return false;
    const size_t end = std::min(at_, text_.size());
    size_t line = 1;
    size_t line_start = 0;
    for (size_t i = 0; i < end; ++i) {
      if (text_[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    }
    error_ = "parse error at line " + std::to_string(line) + ", column " +
             std::to_string(end - line_start + 1) + ": " + what;
    return false;
  }

  void skipSpace() {
    size_t at = at_;
    while (at < text_.size()) {
      const auto c = static_cast<unsigned char>(text_[at]);
      if (c > ' ' || (c != ' ' && c != '\t' && c != '\n' && c != '\r')) break;
      ++at;
    }
    at_ = at;
  }

  bool literal(std::string_view word) {
    if (text_.substr(at_, word.size()) != word) return fail("invalid literal");
    at_ += word.size();
    return true;
  }

  bool value(int depth) {
    if (at_ >= text_.size()) return fail("unexpected end of input");
    switch (text_[at_]) {
      case '{': return object(depth);
      case '[': return array(depth);
      case '"': return string();
      case 't':
        if (!literal("true")) return false;
        lua_pushboolean(L_, 1);
        return true;
      case 'f':
        if (!literal("false")) return false;
        lua_pushboolean(L_, 0);
        return true;
      case 'n':
        if (!literal("null")) return false;
        pushJsonNull(L_);
        return true;
      default: return number();
    }
  }

  bool open(int depth) {
    if (depth >= kMaxDepth) {
      error_ = "nesting deeper than " + std::to_string(kMaxDepth) + " levels";
      return false;
    }
    ++at_;
    skipSpace();
    return true;
  }

  bool array(int depth) {
    if (!open(depth)) return false;
    lua_createtable(L_, 4, 0);
    int count = 0;
    if (at_ < text_.size() && text_[at_] == ']') {
      ++at_;
    } else {
      for (;;) {
        skipSpace();
        if (!value(depth + 1)) return false;
        lua_rawseti(L_, -2, ++count);
        skipSpace();
        if (at_ < text_.size() && text_[at_] == ',') {
          ++at_;
          continue;
        }
        if (at_ < text_.size() && text_[at_] == ']') {
          ++at_;
          break;
        }
        return fail("expected ',' or ']'");
      }
    }
    pushArrayMetatable(L_);
    lua_setmetatable(L_, -2);
    return true;
  }

  bool object(int depth) {
    if (!open(depth)) return false;
    lua_createtable(L_, 0, 4);
    if (at_ < text_.size() && text_[at_] == '}') {
      ++at_;
      return true;
    }
    for (;;) {
      skipSpace();
      if (at_ >= text_.size() || text_[at_] != '"') return fail("expected a member name");
      if (!string()) return false;
      skipSpace();
      if (at_ >= text_.size() || text_[at_] != ':') return fail("expected ':'");
      ++at_;
      skipSpace();
      if (!value(depth + 1)) return false;
      lua_rawset(L_, -3);  // a repeated name: the last one wins, as in nlohmann::json
      skipSpace();
      if (at_ < text_.size() && text_[at_] == ',') {
        ++at_;
        continue;
      }
      if (at_ < text_.size() && text_[at_] == '}') {
        ++at_;
        return true;
      }
      return fail("expected ',' or '}'");
    }
  }

  static int hexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  bool hex4(uint32_t& out) {
    if (at_ + 4 > text_.size()) return fail("truncated \\u escape");
    out = 0;
    for (size_t i = 0; i < 4; ++i) {
      const int digit = hexDigit(text_[at_ + i]);
      if (digit < 0) return fail("invalid \\u escape");
      out = (out << 4) | static_cast<uint32_t>(digit);
    }
    at_ += 4;
    return true;
  }

  void appendUtf8(uint32_t code) {
    if (code < 0x80) {
      scratch_ += static_cast<char>(code);
    } else if (code < 0x800) {
      scratch_ += static_cast<char>(0xC0 | (code >> 6));
      scratch_ += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      scratch_ += static_cast<char>(0xE0 | (code >> 12));
      scratch_ += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      scratch_ += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      scratch_ += static_cast<char>(0xF0 | (code >> 18));
      scratch_ += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      scratch_ += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      scratch_ += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  bool escape() {
    const char c = text_[at_++];
    switch (c) {
      case '"': scratch_ += '"'; return true;
      case '\\': scratch_ += '\\'; return true;
      case '/': scratch_ += '/'; return true;
      case 'b': scratch_ += '\b'; return true;
      case 'f': scratch_ += '\f'; return true;
      case 'n': scratch_ += '\n'; return true;
      case 'r': scratch_ += '\r'; return true;
      case 't': scratch_ += '\t'; return true;
      case 'u': {
        uint32_t code = 0;
        if (!hex4(code)) return false;
        if (code >= 0xDC00 && code <= 0xDFFF) return fail("lone low surrogate");
        if (code >= 0xD800 && code <= 0xDBFF) {
          uint32_t low = 0;
          if (text_.substr(at_, 2) != "\\u" || (at_ += 2, !hex4(low)) || low < 0xDC00 ||
              low > 0xDFFF) {
            return fail("a high surrogate must be followed by a low one");
          }
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
        }
        appendUtf8(code);
        return true;
      }
      default: --at_; return fail("invalid escape");
    }
  }

  // Pushes the string starting at the opening quote.
  bool string() {
    ++at_;
    const size_t start = at_;
    // The common case: no escapes, pushed straight from the text (and, when it is all ASCII,
    // without a UTF-8 check).
    bool non_ascii = false;
    at_ += byte_scan::plainJsonRun(text_, at_, non_ascii);
    if (at_ >= text_.size()) return fail("unterminated string");
    if (text_[at_] == '"') {
      const std::string_view content = text_.substr(start, at_ - start);
      if (non_ascii && validUtf8Prefix(content) != content.size()) {
        return fail("invalid UTF-8 in a string");
      }
      ++at_;
      lua_pushlstring(L_, content.data(), content.size());
      return true;
    }
    scratch_.assign(text_.substr(start, at_ - start));
    while (at_ < text_.size()) {
      const auto c = static_cast<unsigned char>(text_[at_]);
      if (c == '"') {
        ++at_;
        if (validUtf8Prefix(scratch_) != scratch_.size()) {
          return fail("invalid UTF-8 in a string");
        }
        lua_pushlstring(L_, scratch_.data(), scratch_.size());
        return true;
      }
      if (c < 0x20) return fail("control character in a string");
      if (c == '\\') {
        if (++at_ >= text_.size()) return fail("unterminated string");
        if (!escape()) return false;
      } else {
        scratch_ += static_cast<char>(c);
        ++at_;
      }
    }
    return fail("unterminated string");
  }

  static bool isDigit(char c) { return c >= '0' && c <= '9'; }

  bool number() {
    const size_t start = at_;
    const bool negative = at_ < text_.size() && text_[at_] == '-';
    if (negative) ++at_;
    if (at_ >= text_.size() || !isDigit(text_[at_])) return fail("invalid value");
    int64_t whole = 0;  // the integer part, while it has at most 18 digits
    if (text_[at_] == '0') {
      ++at_;
    } else {
      // A local cursor: stores to at_ could alias the text (char), which forced a reload of
      // both on every digit.
      const char* p = text_.data() + at_;
      const char* const end = text_.data() + text_.size();
      const char* const exact_end = p + std::min<size_t>(18, static_cast<size_t>(end - p));
      for (; p < exact_end && isDigit(*p); ++p) whole = whole * 10 + (*p - '0');
      while (p < end && isDigit(*p)) ++p;
      at_ = static_cast<size_t>(p - text_.data());
    }
    bool integer = true;
    if (at_ < text_.size() && text_[at_] == '.') {
      integer = false;
      ++at_;
      if (at_ >= text_.size() || !isDigit(text_[at_])) return fail("digits expected after '.'");
      while (at_ < text_.size() && isDigit(text_[at_])) ++at_;
    }
    if (at_ < text_.size() && (text_[at_] == 'e' || text_[at_] == 'E')) {
      integer = false;
      ++at_;
      if (at_ < text_.size() && (text_[at_] == '+' || text_[at_] == '-')) ++at_;
      if (at_ >= text_.size() || !isDigit(text_[at_])) return fail("digits expected in exponent");
      while (at_ < text_.size() && isDigit(text_[at_])) ++at_;
    }
    const char* first = text_.data() + start;
    const char* last = text_.data() + at_;
    if (integer && at_ - start <= 18) {  // fits an int64 exactly: no rounding through double
      lua_pushnumber(L_, static_cast<lua_Number>(negative ? -whole : whole));
      return true;
    }
    double number = 0;
    const auto result = std::from_chars(first, last, number);
    if (result.ec == std::errc::result_out_of_range) {
      // Underflow reads as 0 (as nlohmann does); overflow is refused.
      bool tiny = false;
      for (const char* p = first; p < last; ++p) {
        if (*p == 'e' || *p == 'E') tiny = p[1] == '-';
      }
      if (!tiny) return fail("number out of range");
      number = 0;
    } else if (result.ec != std::errc() || !std::isfinite(number)) {
      return fail("number out of range");
    }
    lua_pushnumber(L_, number);
    return true;
  }

  lua_State* L_;
  std::string_view text_;
  std::string& scratch_;  // unescaped string text
  size_t at_ = 0;
  std::string error_;
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

bool pushJsonText(lua_State* L, std::string_view text, std::string* error) {
  const int top = lua_gettop(L);
  // A table and a pending key per level, and the value being built.
  luaL_checkstack(L, 2 * kMaxDepth + 8, "JSON nesting");
  thread_local std::string scratch;
  TextReader reader(L, text, scratch);
  if (reader.document()) return true;
  lua_settop(L, top);
  if (error != nullptr) *error = reader.error();
  return false;
}

}  // namespace atrium::host::lua

#include "host/lua/json_text.hpp"

// JSON text -> Lua (pushJsonText).

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <system_error>

#include "host/lua/byte_scan.hpp"
#include "host/lua/lua_value.hpp"

namespace atrium::host::lua {
namespace {

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

#include "host/http/header_params.hpp"

#include "host/http/request.hpp"
#include "host/http/router.hpp"

namespace atrium::host::http {
namespace {

bool isTokenChar(char c) {
  if (c >= 'a' && c <= 'z') return true;
  if (c >= 'A' && c <= 'Z') return true;
  if (c >= '0' && c <= '9') return true;
  return c != '\0' && std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool isSpace(char c) { return c == ' ' || c == '\t'; }

void skipSpace(std::string_view text, size_t& i) {
  while (i < text.size() && isSpace(text[i])) ++i;
}

// A control character other than horizontal tab never belongs in a header value.
bool hasControl(std::string_view text) {
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7f) return true;
  }
  return false;
}

std::string_view trim(std::string_view text) {
  size_t begin = 0;
  size_t end = text.size();
  while (begin < end && isSpace(text[begin])) ++begin;
  while (end > begin && isSpace(text[end - 1])) --end;
  return text.substr(begin, end - begin);
}

// A quoted-string starting at text[i] == '"'; advances i past the closing quote.
std::optional<std::string> readQuoted(std::string_view text, size_t& i) {
  std::string out;
  for (++i; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      ++i;
      return out;
    }
    // Only \" and \\ are unescaped: browsers send a Windows path's backslashes verbatim in
    // filename="C:\dir\a.jpg" (HTML's form encoding escapes '"' as %22 instead).
    if (c == '\\' && i + 1 < text.size() && (text[i + 1] == '"' || text[i + 1] == '\\')) {
      out.push_back(text[++i]);
      continue;
    }
    out.push_back(c);
  }
  return std::nullopt;  // unterminated
}

}  // namespace

std::optional<std::string_view> HeaderParams::get(std::string_view name) const {
  for (const auto& [key, value] : params) {
    if (key == name) return std::string_view(value);
  }
  return std::nullopt;
}

std::optional<HeaderParams> parseHeaderParams(std::string_view text) {
  if (hasControl(text)) return std::nullopt;
  HeaderParams out;
  size_t i = text.find(';');
  out.value = lowerAscii(trim(text.substr(0, i)));
  if (out.value.empty()) return std::nullopt;
  while (i != std::string_view::npos && i < text.size()) {
    ++i;  // past ';'
    skipSpace(text, i);
    if (i == text.size()) break;  // a trailing ';' is tolerated
    const size_t name_begin = i;
    while (i < text.size() && isTokenChar(text[i])) ++i;
    const std::string name = lowerAscii(text.substr(name_begin, i - name_begin));
    skipSpace(text, i);
    if (name.empty() || i == text.size() || text[i] != '=') return std::nullopt;
    ++i;
    skipSpace(text, i);
    std::string value;
    if (i < text.size() && text[i] == '"') {
      auto quoted = readQuoted(text, i);
      if (!quoted) return std::nullopt;
      value = std::move(*quoted);
    } else {
      const size_t value_begin = i;
      while (i < text.size() && text[i] != ';' && !isSpace(text[i])) ++i;
      value = std::string(text.substr(value_begin, i - value_begin));
    }
    if (out.get(name)) return std::nullopt;  // a repeated parameter is ambiguous
    out.params.emplace_back(name, std::move(value));
    skipSpace(text, i);
    if (i < text.size() && text[i] != ';') return std::nullopt;
  }
  return out;
}

std::optional<std::string> decodeExtValue(std::string_view text) {
  const size_t first = text.find('\'');
  if (first == std::string_view::npos) return std::nullopt;
  const size_t second = text.find('\'', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  if (lowerAscii(text.substr(0, first)) != "utf-8") return std::nullopt;
  std::string decoded;
  if (!percentDecode(text.substr(second + 1), decoded)) return std::nullopt;
  return decoded;
}

}  // namespace atrium::host::http

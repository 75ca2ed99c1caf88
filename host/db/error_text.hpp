#pragma once

#include <string>
#include <string_view>

namespace atrium::host::db {

// `text` on one line: runs of whitespace (newlines included) become one space, trimmed.
inline std::string oneLine(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const bool space = c == '\n' || c == '\t' || c == '\r' || c == ' ';
    if (!space) {
      out += c;
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace atrium::host::db

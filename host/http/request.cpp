#include "host/http/request.hpp"

namespace atrium::host::http {

namespace {
// ASCII-only folding: HTTP tokens are ASCII, and std::tolower consults the locale.
constexpr char foldAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
}  // namespace

std::string lowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
  }
  return out;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (foldAscii(a[i]) != foldAscii(b[i])) return false;
  }
  return true;
}

namespace {
std::optional<std::string_view> findIn(const std::vector<NameValue>& list, std::string_view name,
                                       bool ignore_case) {
  for (const auto& [key, value] : list) {
    if (ignore_case ? equalsIgnoreCase(key, name) : key == name) return std::string_view(value);
  }
  return std::nullopt;
}
}  // namespace

std::optional<std::string_view> Request::header(std::string_view name) const {
  return findIn(headers, name, true);
}

std::optional<std::string_view> Request::queryValue(std::string_view name) const {
  return findIn(query, name, false);
}

std::optional<std::string_view> Request::param(std::string_view name) const {
  return findIn(params, name, false);
}

}  // namespace atrium::host::http

#include "plugins/weddings/domain/entity_tag.hpp"

namespace atrium::plugins::weddings {
namespace {

bool space(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

// W/"x" -> "x": the weak comparison ignores the weakness indicator.
std::string_view opaque(std::string_view tag) {
  if (tag.size() >= 2 && tag[0] == 'W' && tag[1] == '/') tag.remove_prefix(2);
  return tag;
}

}  // namespace

bool ifNoneMatchMatches(std::string_view if_none_match, std::string_view etag) {
  const std::string_view header = trim(if_none_match);
  if (header == "*") return true;
  const std::string_view wanted = opaque(etag);
  size_t from = 0;
  while (from <= header.size()) {
    const size_t comma = header.find(',', from);
    const size_t end = comma == std::string_view::npos ? header.size() : comma;
    const std::string_view tag = opaque(trim(header.substr(from, end - from)));
    if (tag.size() >= 2 && tag.front() == '"' && tag.back() == '"' && tag == wanted) return true;
    if (comma == std::string_view::npos) break;
    from = comma + 1;
  }
  return false;
}

}  // namespace atrium::plugins::weddings

#include "plugins/weddings/domain/slug_template.hpp"

namespace atrium::plugins::weddings {
namespace {

bool unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

std::string percentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (unreserved(c)) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

bool hasSlugPlaceholder(std::string_view tmpl) {
  return tmpl.find(kSlugPlaceholder) != std::string_view::npos;
}

std::string fillSlug(std::string_view tmpl, std::string_view slug) {
  const std::string encoded = percentEncode(slug);
  std::string out;
  size_t from = 0;
  for (size_t at = tmpl.find(kSlugPlaceholder); at != std::string_view::npos;
       at = tmpl.find(kSlugPlaceholder, from)) {
    out.append(tmpl.substr(from, at - from));
    out += encoded;
    from = at + kSlugPlaceholder.size();
  }
  out.append(tmpl.substr(from));
  return out;
}

}  // namespace atrium::plugins::weddings

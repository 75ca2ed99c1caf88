#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace atrium::host::http {

// A header value of the shape `value *( ";" name "=" ( token / quoted-string ) )` (RFC 9110
// §5.6.6): Content-Type, Content-Disposition. Parameter names are lower-cased; quoted values are
// unescaped. Used by the multipart parser (multipart_parser.cpp).
struct HeaderParams {
  std::string value;  // lower-cased: "multipart/form-data", "form-data"
  std::vector<std::pair<std::string, std::string>> params;

  // The first parameter of that (lower-case) name.
  std::optional<std::string_view> get(std::string_view name) const;
};

// std::nullopt when the text is malformed: an empty value, a parameter without '=', an
// unterminated quoted string, a parameter name that is not a token, a control character, or the
// same parameter twice (an attacker's second `boundary` or `filename` must not win by order).
std::optional<HeaderParams> parseHeaderParams(std::string_view text);

// RFC 8187 ext-value (`filename*=UTF-8''na%C3%AFve.jpg`): the decoded bytes when the charset is
// UTF-8 (any case) and the percent escapes are well formed; std::nullopt otherwise.
std::optional<std::string> decodeExtValue(std::string_view text);

}  // namespace atrium::host::http

#pragma once

#include <string>
#include <string_view>

namespace atrium::host::middleware {

// Appends `in` as the inside of a JSON string literal (no surrounding quotes): '"' and '\\'
// are escaped, control characters (< 0x20 and 0x7F) become \n, \t, ... or \u00XX, and bytes that
// are not valid UTF-8 (stray continuation bytes, overlong forms, surrogates, truncated sequences)
// become \ufffd, so the output is always valid JSON whatever the input. Runs of plain bytes are
// copied in one append.
void appendJsonEscaped(std::string& out, std::string_view in);

}  // namespace atrium::host::middleware

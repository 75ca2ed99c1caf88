#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace atrium::host::lua {

// How a substituted value is escaped (the template text itself is never changed).
//  kText: for prompts, SMS and plain-text mail: ASCII control characters other than tab and
//         newline are removed (CR, NUL, ESC, DEL...) and invalid UTF-8 becomes U+FFFD.
//  kHtml: kText, then & < > " ' become entities.
//  kJson: the content of a JSON string (quotes, backslashes and controls escaped, no quotes
//         around it), for templates that are JSON documents.
enum class TemplateEscape { kText, kHtml, kJson };

// Result of rendering: `error` is empty on success.
struct RenderResult {
  std::string text;
  std::string error;
};

// Replaces every {{name}} / {{a.b}} / {{items.1}} (spaces inside the braces allowed) with the
// value found in `vars`, in one pass: substituted text is never expanded again. A missing or
// null variable, a table value, an unclosed "{{" or a malformed name is an error that names it.
// Numbers print as integers when whole (3, not 3.0), booleans as true/false.
RenderResult renderTemplate(std::string_view text, const nlohmann::json& vars,
                            TemplateEscape escape);

}  // namespace atrium::host::lua

#include "host/config/yaml_scalar.hpp"

#include "host/config/scalar_parsers.hpp"

namespace atrium::host::config {
namespace {
constexpr size_t kMaxShownChars = 60;
}  // namespace

ScalarStyle scalarStyle(const YAML::Node& scalar) {
  const std::string& tag = scalar.Tag();
  if (tag == kExpandedTag) return ScalarStyle::kExpanded;
  if (tag == "?" || tag.empty()) return ScalarStyle::kPlain;
  return ScalarStyle::kQuoted;
}

nlohmann::json scalarToJson(const YAML::Node& scalar) {
  const std::string& text = scalar.Scalar();
  if (scalarStyle(scalar) != ScalarStyle::kPlain) return text;
  if (isNullText(text)) return nullptr;
  if (const auto b = parseBoolean(text)) return *b;
  if (const auto i = parseInteger(text)) return *i;
  if (const auto d = parseNumber(text)) return *d;
  return text;
}

std::string quoteText(std::string_view text) {
  std::string out = "'";
  size_t shown = 0;
  for (const char c : text) {
    if (shown == kMaxShownChars) {
      out += "...";
      break;
    }
    if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
    ++shown;
  }
  out += "'";
  return out;
}

std::string displayValue(const YAML::Node& scalar) {
  if (scalarStyle(scalar) == ScalarStyle::kExpanded) return "(value from the environment)";
  return quoteText(scalar.Scalar());
}

std::string describeFound(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "null";
  if (node.IsMap()) return "object";
  if (node.IsSequence()) return "array";
  if (scalarStyle(node) == ScalarStyle::kExpanded) {
    return "a value from the environment (not shown)";
  }
  const nlohmann::json value = scalarToJson(node);
  if (value.is_null()) return "null";
  if (value.is_boolean()) return "boolean " + node.Scalar();
  if (value.is_number_integer()) return "integer " + node.Scalar();
  if (value.is_number()) return "number " + node.Scalar();
  return "string " + quoteText(node.Scalar());
}

}  // namespace atrium::host::config

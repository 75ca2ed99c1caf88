#include "host/config/schema_validator.hpp"

#include <algorithm>

#include "host/config/scalar_parsers.hpp"
#include "host/config/source_mark.hpp"
#include "host/config/yaml_scalar.hpp"

namespace atrium::host::config {
namespace {

std::string expectedText(SchemaType type) {
  switch (type) {
    case SchemaType::kSize: return "size (bytes, or a number with B, KiB, MiB, GiB or TiB)";
    case SchemaType::kDuration: return "duration (milliseconds, or a number with ms, s, m, h or d)";
    default: return std::string(schemaTypeName(type));
  }
}

std::string knownKeys(const Schema::Node& schema) {
  std::string out;
  for (const auto& [name, node] : schema.properties) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

std::string joinTexts(const std::vector<std::string>& texts) {
  std::string out;
  for (const auto& text : texts) {
    if (!out.empty()) out += ", ";
    out += text;
  }
  return out;
}

bool isNumeric(SchemaType type) {
  return type == SchemaType::kInteger || type == SchemaType::kNumber || type == SchemaType::kSize ||
         type == SchemaType::kDuration;
}

// Quoted text cannot be an integer, number or boolean unless it came from ${...} expansion;
// sizes and durations are text by nature and accept any style.
bool styleAllowed(SchemaType type, ScalarStyle style) {
  if (style != ScalarStyle::kQuoted) return true;
  return type != SchemaType::kInteger && type != SchemaType::kNumber &&
         type != SchemaType::kBoolean;
}

}  // namespace

std::optional<nlohmann::json> convertScalarText(SchemaType type, std::string_view text) {
  switch (type) {
    case SchemaType::kString: return nlohmann::json(std::string(text));
    case SchemaType::kInteger:
      if (const auto v = parseInteger(text)) return nlohmann::json(*v);
      return std::nullopt;
    case SchemaType::kNumber:
      if (const auto v = parseNumber(text)) return nlohmann::json(*v);
      return std::nullopt;
    case SchemaType::kBoolean:
      if (const auto v = parseBoolean(text)) return nlohmann::json(*v);
      return std::nullopt;
    case SchemaType::kSize:
      if (const auto v = parseSize(text)) return nlohmann::json(*v);
      return std::nullopt;
    case SchemaType::kDuration:
      if (const auto v = parseDuration(text)) return nlohmann::json(*v);
      return std::nullopt;
    default: return std::nullopt;
  }
}

std::string SchemaValidator::childPath(const std::string& path, std::string_view key) {
  if (path.empty()) return std::string(key);
  return path + "." + std::string(key);
}

std::string SchemaValidator::itemPath(const std::string& path, size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

void SchemaValidator::error(const YAML::Mark& mark, const std::string& path,
                            const std::string& message) {
  errors_.push_back(formatConfigMessage(toSourceMark(file_, mark), path, message));
}

nlohmann::json SchemaValidator::absentValue(const Schema::Node& schema) {
  if (schema.default_value) return *schema.default_value;
  if (schema.type != SchemaType::kObject) return nullptr;
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, property] : schema.properties) {
    nlohmann::json value = absentValue(*property);
    if (!value.is_null()) out[name] = std::move(value);
  }
  return out;
}

nlohmann::json SchemaValidator::validate(const Schema::Node& schema, const YAML::Node& node,
                                         const std::string& path, const YAML::Mark& where) {
  if (schema.type == SchemaType::kAny) return validateAny(node, path);
  if (!node.IsDefined() || node.IsNull()) {
    error(where, path, "expected " + expectedText(schema.type) + ", got null");
    return nullptr;
  }
  switch (schema.type) {
    case SchemaType::kObject: return validateObject(schema, node, path);
    case SchemaType::kArray: return validateArray(schema, node, path);
    default: return validateScalar(schema, node, path, markOr(node, where));
  }
}

bool SchemaValidator::checkKey(const YAML::Node& key, const std::string& path,
                               std::vector<std::pair<std::string, int>>& seen) {
  if (!key.IsScalar()) {
    error(key.Mark(), path, "keys must be plain strings, got " + describeFound(key));
    return false;
  }
  const std::string& name = key.Scalar();
  const auto previous = std::find_if(seen.begin(), seen.end(),
                                     [&](const auto& entry) { return entry.first == name; });
  if (previous != seen.end()) {
    error(key.Mark(), childPath(path, name),
          "duplicate key '" + name + "' (first given on line " + std::to_string(previous->second) +
              ")");
    return false;
  }
  seen.emplace_back(name, key.Mark().line + 1);
  return true;
}

nlohmann::json SchemaValidator::validateObject(const Schema::Node& schema, const YAML::Node& node,
                                               const std::string& path) {
  if (!node.IsMap()) {
    error(node.Mark(), path, "expected object, got " + describeFound(node));
    return nullptr;
  }
  nlohmann::json out = nlohmann::json::object();
  std::vector<std::pair<std::string, int>> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (!checkKey(it->first, path, seen)) continue;
    const std::string name = it->first.Scalar();  // copies: `it->` yields a temporary
    const std::string child_path = childPath(path, name);
    const YAML::Node value = it->second;
    if (const Schema::Node* property = schema.property(name)) {
      if (value.IsNull() && property->type != SchemaType::kAny) continue;  // as if absent
      out[name] = validate(*property, value, child_path, it->first.Mark());
    } else if (schema.additional_schema) {
      out[name] = validate(*schema.additional_schema, value, child_path, it->first.Mark());
    } else if (schema.additional_allowed) {
      out[name] = validateAny(value, child_path);
    } else if (schema.properties.empty()) {
      error(it->first.Mark(), child_path, "unknown key '" + name + "' (no keys are allowed here)");
    } else {
      error(it->first.Mark(), child_path,
            "unknown key '" + name + "' (known keys: " + knownKeys(schema) + ")");
    }
  }
  fillAbsentProperties(schema, node, path, out);
  return out;
}

void SchemaValidator::fillAbsentProperties(const Schema::Node& schema, const YAML::Node& node,
                                           const std::string& path, nlohmann::json& out) {
  for (const auto& [name, property] : schema.properties) {
    if (out.contains(name)) continue;
    if (property->required) {
      YAML::Mark where = node.Mark();
      std::string problem = "is missing";
      for (auto it = node.begin(); it != node.end(); ++it) {
        if (it->first.IsScalar() && it->first.Scalar() == name) {
          where = it->first.Mark();
          problem = "has no value";
        }
      }
      error(where, path, "required key '" + name + "' " + problem);
      continue;
    }
    nlohmann::json value = absentValue(*property);
    if (!value.is_null()) out[name] = std::move(value);
  }
}

nlohmann::json SchemaValidator::validateArray(const Schema::Node& schema, const YAML::Node& node,
                                              const std::string& path) {
  if (!node.IsSequence()) {
    error(node.Mark(), path, "expected array, got " + describeFound(node));
    return nullptr;
  }
  nlohmann::json out = nlohmann::json::array();
  for (size_t i = 0; i < node.size(); ++i) {
    const std::string item_path = itemPath(path, i);
    if (schema.items) {
      out.push_back(validate(*schema.items, node[i], item_path, node.Mark()));
    } else {
      out.push_back(validateAny(node[i], item_path));
    }
  }
  if (schema.min_items && node.size() < *schema.min_items) {
    error(node.Mark(), path,
          "expected at least " + std::to_string(*schema.min_items) + " item(s), got " +
              std::to_string(node.size()));
  }
  if (schema.max_items && node.size() > *schema.max_items) {
    error(node.Mark(), path,
          "expected at most " + std::to_string(*schema.max_items) + " item(s), got " +
              std::to_string(node.size()));
  }
  return out;
}

nlohmann::json SchemaValidator::validateAny(const YAML::Node& node, const std::string& path) {
  if (!node.IsDefined() || node.IsNull()) return nullptr;
  if (node.IsScalar()) return scalarToJson(node);
  if (node.IsSequence()) {
    nlohmann::json out = nlohmann::json::array();
    for (size_t i = 0; i < node.size(); ++i) out.push_back(validateAny(node[i], itemPath(path, i)));
    return out;
  }
  nlohmann::json out = nlohmann::json::object();
  std::vector<std::pair<std::string, int>> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (!checkKey(it->first, path, seen)) continue;
    const std::string name = it->first.Scalar();
    out[name] = validateAny(it->second, childPath(path, name));
  }
  return out;
}

nlohmann::json SchemaValidator::validateScalar(const Schema::Node& schema, const YAML::Node& node,
                                               const std::string& path, const YAML::Mark& where) {
  const std::string expected = expectedText(schema.type);
  if (!node.IsScalar()) {
    error(where, path, "expected " + expected + ", got " + describeFound(node));
    return nullptr;
  }
  const ScalarStyle style = scalarStyle(node);
  std::optional<nlohmann::json> value;
  if (styleAllowed(schema.type, style)) value = convertScalarText(schema.type, node.Scalar());
  if (!value) {
    std::string message = "expected " + expected + ", got ";
    if (style == ScalarStyle::kQuoted) {
      message += "string " + quoteText(node.Scalar());
      if (convertScalarText(schema.type, node.Scalar())) message += " (remove the quotes)";
    } else {
      message += describeFound(node);
    }
    error(where, path, message);
    return nullptr;
  }
  checkConstraints(schema, node, *value, path, where);
  return *value;
}

void SchemaValidator::checkConstraints(const Schema::Node& schema, const YAML::Node& node,
                                       const nlohmann::json& value, const std::string& path,
                                       const YAML::Mark& where) {
  const std::string shown = displayValue(node);
  if (!schema.enum_values.empty() && std::find(schema.enum_values.begin(), schema.enum_values.end(),
                                               value) == schema.enum_values.end()) {
    error(where, path, "value " + shown + " is not one of " + joinTexts(schema.enum_texts));
  }
  if (schema.type == SchemaType::kString) {
    const std::string& text = node.Scalar();
    if (schema.pattern && !std::regex_match(text, *schema.pattern)) {
      error(where, path,
            "value " + shown + " does not match the pattern '" + schema.pattern_text + "'");
    }
    if (schema.min_length && text.size() < *schema.min_length) {
      error(where, path,
            "value " + shown + " is shorter than " + std::to_string(*schema.min_length) +
                " character(s)");
    }
    if (schema.max_length && text.size() > *schema.max_length) {
      error(where, path,
            "value " + shown + " is longer than " + std::to_string(*schema.max_length) +
                " character(s)");
    }
  }
  if (!isNumeric(schema.type)) return;
  const double number = value.get<double>();
  const std::string shown_number =
      scalarStyle(node) == ScalarStyle::kExpanded ? shown : node.Scalar();
  if (schema.minimum && number < *schema.minimum) {
    error(where, path, "value " + shown_number + " is below the minimum " + schema.minimum_text);
  }
  if (schema.maximum && number > *schema.maximum) {
    error(where, path, "value " + shown_number + " is above the maximum " + schema.maximum_text);
  }
}

}  // namespace atrium::host::config

// Schema::parse and Schema::empty: reads the schema language (see schema.hpp and
// docs/configuration.md) into Schema::Node trees, reporting every malformed part.
#include <algorithm>
#include <array>

#include "host/config/config_error.hpp"
#include "host/config/scalar_parsers.hpp"
#include "host/config/schema.hpp"
#include "host/config/schema_node.hpp"
#include "host/config/schema_validator.hpp"
#include "host/config/source_mark.hpp"
#include "host/config/yaml_scalar.hpp"

namespace atrium::host::config {
namespace {

constexpr std::array<std::pair<SchemaType, std::string_view>, 9> kTypeNames = {{
    {SchemaType::kString, "string"},
    {SchemaType::kInteger, "integer"},
    {SchemaType::kNumber, "number"},
    {SchemaType::kBoolean, "boolean"},
    {SchemaType::kObject, "object"},
    {SchemaType::kArray, "array"},
    {SchemaType::kSize, "size"},
    {SchemaType::kDuration, "duration"},
    {SchemaType::kAny, "any"},
}};

constexpr std::array<std::string_view, 15> kSchemaKeys = {
    "type",      "description", "default", "required",   "enum",
    "pattern",   "minimum",     "maximum", "min_length", "max_length",
    "min_items", "max_items",   "items",   "properties", "additional_properties"};

std::string joined(const auto& names) {
  std::string out;
  for (const auto& name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

std::string typeNames() {
  std::string out;
  for (const auto& entry : kTypeNames) {
    if (!out.empty()) out += ", ";
    out += entry.second;
  }
  return out;
}

bool isNumericType(SchemaType type) {
  return type == SchemaType::kInteger || type == SchemaType::kNumber || type == SchemaType::kSize ||
         type == SchemaType::kDuration;
}

class SchemaParser {
 public:
  explicit SchemaParser(std::string_view origin) : origin_(origin) {}

  std::shared_ptr<const Schema::Node> parseNode(const YAML::Node& yaml, const std::string& path,
                                                bool is_property);
  const std::vector<std::string>& errors() const { return errors_; }
  void error(const YAML::Mark& mark, const std::string& path, const std::string& message) {
    errors_.push_back(formatConfigMessage(toSourceMark(origin_, mark), path, message));
  }

 private:
  bool checkKeys(const YAML::Node& yaml, const std::string& path);
  void parseHeader(const YAML::Node& yaml, const std::string& path, bool is_property,
                   Schema::Node& node);
  void parseScalarConstraints(const YAML::Node& yaml, const std::string& path, Schema::Node& node);
  void parseBound(const YAML::Node& value, const std::string& path, std::string_view key,
                  const Schema::Node& node, std::optional<double>& bound, std::string& text);
  std::optional<size_t> parseCount(const YAML::Node& yaml, std::string_view key,
                                   const std::string& path, bool allowed, std::string_view types);
  void parseChildren(const YAML::Node& yaml, const std::string& path, Schema::Node& node);
  void parseEnumAndDefault(const YAML::Node& yaml, const std::string& path, Schema::Node& node);
  // Where a schema key sits on `yaml`'s mapping, for messages.
  std::string keyPath(const std::string& path, std::string_view key) const {
    return (path.empty() ? std::string("(root)") : path) + " " + std::string(key);
  }

  std::string origin_;
  std::vector<std::string> errors_;
};

bool SchemaParser::checkKeys(const YAML::Node& yaml, const std::string& path) {
  if (!yaml.IsMap()) {
    error(yaml.Mark(), path.empty() ? "(root)" : path,
          "a schema must be a mapping, got " + describeFound(yaml));
    return false;
  }
  for (auto it = yaml.begin(); it != yaml.end(); ++it) {
    const std::string key = it->first.IsScalar() ? it->first.Scalar() : "?";
    if (std::find(kSchemaKeys.begin(), kSchemaKeys.end(), key) == kSchemaKeys.end()) {
      error(it->first.Mark(), keyPath(path, key),
            "unknown schema key '" + key + "' (known keys: " + joined(kSchemaKeys) + ")");
    }
  }
  return true;
}

void SchemaParser::parseHeader(const YAML::Node& yaml, const std::string& path, bool is_property,
                               Schema::Node& node) {
  const YAML::Node type = yaml["type"];
  if (!type.IsDefined() || !type.IsScalar()) {
    error(yaml.Mark(), keyPath(path, "type"), "'type' is missing (one of " + typeNames() + ")");
  } else if (const auto parsed = parseSchemaType(type.Scalar())) {
    node.type = *parsed;
  } else {
    error(type.Mark(), keyPath(path, "type"),
          "unknown type " + quoteText(type.Scalar()) + " (one of " + typeNames() + ")");
  }
  const YAML::Node description = yaml["description"];
  if (description.IsDefined() && description.IsScalar() && !description.Scalar().empty()) {
    node.description = description.Scalar();
  } else if (description.IsDefined() && !description.IsNull()) {
    error(description.Mark(), keyPath(path, "description"), "'description' must be text");
  } else if (is_property) {
    error(yaml.Mark(), keyPath(path, "description"),
          "'description' is missing (every key must be documented)");
  }
  const YAML::Node required = yaml["required"];
  if (required.IsDefined()) {
    const auto value = required.IsScalar() ? parseBoolean(required.Scalar()) : std::nullopt;
    if (!value)
      error(required.Mark(), keyPath(path, "required"), "'required' must be true or false");
    node.required = value.value_or(false);
  }
}

void SchemaParser::parseBound(const YAML::Node& value, const std::string& path,
                              std::string_view key, const Schema::Node& node,
                              std::optional<double>& bound, std::string& text) {
  if (!value.IsDefined()) return;
  if (!isNumericType(node.type)) {
    error(value.Mark(), keyPath(path, key),
          "'" + std::string(key) + "' applies only to integer, number, size and duration");
    return;
  }
  const auto converted =
      value.IsScalar() ? convertScalarText(node.type, value.Scalar()) : std::nullopt;
  if (!converted) {
    error(value.Mark(), keyPath(path, key),
          "'" + std::string(key) + "' must be a " + std::string(schemaTypeName(node.type)));
    return;
  }
  bound = converted->get<double>();
  text = value.Scalar();
}

std::optional<size_t> SchemaParser::parseCount(const YAML::Node& yaml, std::string_view key,
                                               const std::string& path, bool allowed,
                                               std::string_view types) {
  const YAML::Node value = yaml[std::string(key)];
  if (!value.IsDefined()) return std::nullopt;
  if (!allowed) {
    error(value.Mark(), keyPath(path, key),
          "'" + std::string(key) + "' applies only to " + std::string(types));
    return std::nullopt;
  }
  const auto count = value.IsScalar() ? parseInteger(value.Scalar()) : std::nullopt;
  if (!count || *count < 0) {
    error(value.Mark(), keyPath(path, key),
          "'" + std::string(key) + "' must be a non-negative integer");
    return std::nullopt;
  }
  return static_cast<size_t>(*count);
}

void SchemaParser::parseScalarConstraints(const YAML::Node& yaml, const std::string& path,
                                          Schema::Node& node) {
  const bool is_string = node.type == SchemaType::kString;
  const bool is_array = node.type == SchemaType::kArray;
  if (const YAML::Node pattern = yaml["pattern"]; pattern.IsDefined()) {
    if (!is_string || !pattern.IsScalar()) {
      error(pattern.Mark(), keyPath(path, "pattern"), "'pattern' applies only to strings");
    } else {
      try {
        node.pattern.emplace(pattern.Scalar(), std::regex::ECMAScript);
        node.pattern_text = pattern.Scalar();
      } catch (const std::regex_error& e) {
        error(pattern.Mark(), keyPath(path, "pattern"),
              "invalid pattern " + quoteText(pattern.Scalar()) + ": " + e.what());
      }
    }
  }
  parseBound(yaml["minimum"], path, "minimum", node, node.minimum, node.minimum_text);
  parseBound(yaml["maximum"], path, "maximum", node, node.maximum, node.maximum_text);
  node.min_length = parseCount(yaml, "min_length", path, is_string, "strings");
  node.max_length = parseCount(yaml, "max_length", path, is_string, "strings");
  node.min_items = parseCount(yaml, "min_items", path, is_array, "arrays");
  node.max_items = parseCount(yaml, "max_items", path, is_array, "arrays");
}

void SchemaParser::parseChildren(const YAML::Node& yaml, const std::string& path,
                                 Schema::Node& node) {
  const bool is_object = node.type == SchemaType::kObject;
  if (const YAML::Node items = yaml["items"]; items.IsDefined()) {
    if (node.type != SchemaType::kArray) {
      error(items.Mark(), keyPath(path, "items"), "'items' applies only to arrays");
    } else {
      node.items = parseNode(items, path + "[]", false);
    }
  }
  if (const YAML::Node properties = yaml["properties"]; properties.IsDefined()) {
    if (!is_object || !properties.IsMap()) {
      error(properties.Mark(), keyPath(path, "properties"),
            "'properties' must be a mapping on an object");
    } else {
      for (auto it = properties.begin(); it != properties.end(); ++it) {
        const std::string name = it->first.Scalar();
        if (node.property(name)) {
          error(it->first.Mark(), SchemaValidator::childPath(path, name), "duplicate property");
          continue;
        }
        auto child = parseNode(it->second, SchemaValidator::childPath(path, name), true);
        if (child) node.properties.emplace_back(name, std::move(child));
      }
    }
  }
  if (const YAML::Node extra = yaml["additional_properties"]; extra.IsDefined()) {
    const auto flag = extra.IsScalar() ? parseBoolean(extra.Scalar()) : std::nullopt;
    if (!is_object) {
      error(extra.Mark(), keyPath(path, "additional_properties"),
            "'additional_properties' applies only to objects");
    } else if (flag) {
      node.additional_allowed = *flag;
    } else if (extra.IsMap()) {
      node.additional_schema = parseNode(extra, SchemaValidator::childPath(path, "*"), false);
    } else {
      error(extra.Mark(), keyPath(path, "additional_properties"),
            "'additional_properties' must be true, false or a schema");
    }
  }
}

void SchemaParser::parseEnumAndDefault(const YAML::Node& yaml, const std::string& path,
                                       Schema::Node& node) {
  SchemaValidator validator(origin_, errors_);
  const Schema::Node without_enum = node;  // enum entries are checked against everything else
  if (const YAML::Node values = yaml["enum"]; values.IsDefined()) {
    if (!values.IsSequence() || values.size() == 0) {
      error(values.Mark(), keyPath(path, "enum"), "'enum' must be a non-empty list");
    } else {
      for (size_t i = 0; i < values.size(); ++i) {
        const size_t before = errors_.size();
        nlohmann::json value =
            validator.validate(without_enum, values[i], keyPath(path, "enum"), values.Mark());
        if (errors_.size() != before) continue;
        node.enum_values.push_back(std::move(value));
        const std::string text = values[i].IsScalar() ? values[i].Scalar() : "?";
        node.enum_texts.push_back(text.empty() ? "\"\"" : text);
      }
    }
  }
  if (const YAML::Node value = yaml["default"]; value.IsDefined()) {
    if (node.required) {
      error(value.Mark(), keyPath(path, "default"),
            "'default' cannot be combined with 'required: true'");
      return;
    }
    const size_t before = errors_.size();
    nlohmann::json converted =
        validator.validate(node, value, keyPath(path, "default"), value.Mark());
    if (errors_.size() != before) return;
    node.default_value = std::move(converted);
    if (value.IsScalar() && node.type != SchemaType::kString) {
      node.default_text = value.Scalar();
    } else {
      node.default_text = node.default_value->dump();
    }
  }
}

std::shared_ptr<const Schema::Node> SchemaParser::parseNode(const YAML::Node& yaml,
                                                            const std::string& path,
                                                            bool is_property) {
  if (!checkKeys(yaml, path)) return nullptr;
  auto node = std::make_shared<Schema::Node>();
  parseHeader(yaml, path, is_property, *node);
  parseScalarConstraints(yaml, path, *node);
  parseChildren(yaml, path, *node);
  parseEnumAndDefault(yaml, path, *node);
  return node;
}

}  // namespace

std::string_view schemaTypeName(SchemaType type) {
  for (const auto& [value, name] : kTypeNames) {
    if (value == type) return name;
  }
  return "any";
}

std::optional<SchemaType> parseSchemaType(std::string_view name) {
  for (const auto& [value, type_name] : kTypeNames) {
    if (type_name == name) return value;
  }
  return std::nullopt;
}

Schema Schema::parse(std::string_view yaml_text, std::string_view origin) {
  YAML::Node yaml;
  try {
    yaml = YAML::Load(std::string(yaml_text));
  } catch (const YAML::ParserException& e) {
    throw ConfigError(
        formatConfigMessage(toSourceMark(origin, e.mark), "", "YAML syntax error: " + e.msg));
  }
  SchemaParser parser(origin);
  if (!yaml.IsDefined() || yaml.IsNull()) {
    parser.error(yaml.Mark(), "(root)", "the schema is empty");
    throw ConfigError(parser.errors());
  }
  auto root = parser.parseNode(yaml, "", false);
  if (!parser.errors().empty()) throw ConfigError(parser.errors());
  return Schema(std::move(root));
}

Schema Schema::empty() {
  auto node = std::make_shared<Schema::Node>();
  node->type = SchemaType::kObject;
  node->description = "no configuration";
  return Schema(std::move(node));
}

}  // namespace atrium::host::config

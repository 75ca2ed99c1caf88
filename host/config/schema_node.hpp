#pragma once

// Internal: the parsed form of a Schema (see schema.hpp). Used by the schema parser, validator
// and describer; not part of the public config API.

#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/config/schema.hpp"

namespace atrium::host::config {

enum class SchemaType {
  kString,
  kInteger,
  kNumber,
  kBoolean,
  kObject,
  kArray,
  kSize,
  kDuration,
  kAny
};

std::string_view schemaTypeName(SchemaType type);
std::optional<SchemaType> parseSchemaType(std::string_view name);

struct Schema::Node {
  SchemaType type = SchemaType::kAny;
  std::string description;
  bool required = false;

  std::optional<nlohmann::json> default_value;  // converted (sizes in bytes, durations in ms)
  std::string default_text;                     // as written, for describe()

  std::vector<nlohmann::json> enum_values;  // converted
  std::vector<std::string> enum_texts;      // as written, for messages

  std::string pattern_text;
  std::optional<std::regex> pattern;  // full match

  std::optional<double> minimum;  // converted; applies to integer|number|size|duration
  std::optional<double> maximum;
  std::string minimum_text;
  std::string maximum_text;

  std::optional<size_t> min_length;  // strings, in bytes
  std::optional<size_t> max_length;
  std::optional<size_t> min_items;  // arrays
  std::optional<size_t> max_items;

  std::shared_ptr<const Node> items;                                            // arrays
  std::vector<std::pair<std::string, std::shared_ptr<const Node>>> properties;  // in file order
  bool additional_allowed = false;                // `additional_properties: true`
  std::shared_ptr<const Node> additional_schema;  // `additional_properties: {schema}` (maps)

  const Node* property(std::string_view name) const {
    for (const auto& [key, node] : properties) {
      if (key == name) return node.get();
    }
    return nullptr;
  }
};

}  // namespace atrium::host::config

#pragma once

// Internal: checks a YAML tree against a Schema::Node and converts it to JSON.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "host/config/schema_node.hpp"

namespace atrium::host::config {

// Converts scalar text to the JSON value of `type` (integer, number, boolean, size, duration,
// string); nullopt when the text is not such a value. Objects, arrays and any yield nullopt.
std::optional<nlohmann::json> convertScalarText(SchemaType type, std::string_view text);

class SchemaValidator {
 public:
  // Messages are appended to `errors` as "file:line:col: key.path: message".
  SchemaValidator(std::string_view file, std::vector<std::string>& errors)
      : file_(file), errors_(errors) {}

  // Validates a present value. `where` is used when `node` carries no position of its own.
  nlohmann::json validate(const Schema::Node& schema, const YAML::Node& node,
                          const std::string& path, const YAML::Mark& where);

  // The value of an absent key: its default; for objects, an object of their defaulted keys;
  // otherwise null (meaning: leave the key out).
  static nlohmann::json absentValue(const Schema::Node& schema);

  static std::string childPath(const std::string& path, std::string_view key);
  static std::string itemPath(const std::string& path, size_t index);

 private:
  void error(const YAML::Mark& mark, const std::string& path, const std::string& message);
  nlohmann::json validateObject(const Schema::Node& schema, const YAML::Node& node,
                                const std::string& path);
  void fillAbsentProperties(const Schema::Node& schema, const YAML::Node& node,
                            const std::string& path, nlohmann::json& out);
  nlohmann::json validateArray(const Schema::Node& schema, const YAML::Node& node,
                               const std::string& path);
  nlohmann::json validateAny(const YAML::Node& node, const std::string& path);
  nlohmann::json validateScalar(const Schema::Node& schema, const YAML::Node& node,
                                const std::string& path, const YAML::Mark& where);
  void checkConstraints(const Schema::Node& schema, const YAML::Node& node,
                        const nlohmann::json& value, const std::string& path,
                        const YAML::Mark& where);
  // Reports duplicate and non-scalar keys; returns false for a key to skip.
  bool checkKey(const YAML::Node& key, const std::string& path,
                std::vector<std::pair<std::string, int>>& seen);

  std::string file_;
  std::vector<std::string>& errors_;
};

}  // namespace atrium::host::config

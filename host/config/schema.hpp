#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

namespace atrium::host::config {

// A config schema, written in YAML (the language is documented in docs/configuration.md):
//
//   type: object                 # string|integer|number|boolean|object|array|size|duration|any
//   description: one line
//   properties:
//     greeting: {type: string, default: "hello", description: "..."}
//     retries:  {type: integer, minimum: 0, maximum: 10, default: 3, description: "..."}
//     name:     {type: string, required: true, pattern: "^[a-z]+$", description: "..."}
//   additional_properties: false # the default: unknown keys are an error; or a schema (maps)
//
// Also: enum, min_length/max_length, min_items/max_items, items (arrays). `size` accepts
// 1024, "64KiB", "10MiB", "1GiB" and yields bytes; `duration` accepts "250ms", "10s", "5m",
// "1h" and yields milliseconds.
class Schema {
 public:
  // Parses a schema; a malformed schema throws ConfigError naming `origin`.
  static Schema parse(std::string_view yaml_text, std::string_view origin);
  // A schema that accepts only an empty or absent block (a plugin that takes no config).
  static Schema empty();

  // Validates `node` read from `file`. `key_path` prefixes key names in messages
  // ("plugins[0].config"). Appends one message per problem ("file:line:col: key.path: what");
  // returns the value as JSON with defaults applied (meaningful only when no error was added).
  nlohmann::json validate(const YAML::Node& node, std::string_view file, std::string_view key_path,
                          std::vector<std::string>& errors) const;

  // Human-readable listing: one line per key with type, default, required and description.
  std::string describe() const;

  struct Node;  // internal representation

 private:
  explicit Schema(std::shared_ptr<const Node> root) : root_(std::move(root)) {}
  std::shared_ptr<const Node> root_;
};

}  // namespace atrium::host::config

// Schema::validate and Schema::describe (parsing is in schema_parser.cpp).
#include "host/config/schema.hpp"

#include "host/config/schema_node.hpp"
#include "host/config/schema_validator.hpp"

namespace atrium::host::config {
namespace {

std::string typeLabel(const Schema::Node& node) {
  if (node.type == SchemaType::kArray) {
    return node.items ? "array of " + typeLabel(*node.items) : "array";
  }
  if (node.type == SchemaType::kObject && node.additional_schema && node.properties.empty()) {
    return "map of " + typeLabel(*node.additional_schema);
  }
  return std::string(schemaTypeName(node.type));
}

std::string joinEnum(const Schema::Node& node) {
  std::string out;
  for (const auto& text : node.enum_texts) {
    if (!out.empty()) out += "|";
    out += text;
  }
  return out;
}

// The schema whose properties are listed under a key: the object itself, its map values, or
// (for arrays) its items, recursively.
const Schema::Node* childrenOf(const Schema::Node& node) {
  if (node.type == SchemaType::kArray) return node.items ? childrenOf(*node.items) : nullptr;
  if (node.type != SchemaType::kObject) return nullptr;
  if (!node.properties.empty()) return &node;
  if (node.additional_schema) return childrenOf(*node.additional_schema);
  return nullptr;
}

void describeProperties(const Schema::Node& node, int depth, std::string& out) {
  for (const auto& [name, property] : node.properties) {
    out.append(static_cast<size_t>(depth) * 2, ' ');
    out += name + " (" + typeLabel(*property);
    if (property->required) out += ", required";
    if (!property->enum_texts.empty()) out += ", one of " + joinEnum(*property);
    if (property->minimum) out += ", min " + property->minimum_text;
    if (property->maximum) out += ", max " + property->maximum_text;
    if (property->default_value) out += ", default " + property->default_text;
    out += "): " + property->description + "\n";
    if (const Schema::Node* children = childrenOf(*property)) {
      describeProperties(*children, depth + 1, out);
    }
  }
}

}  // namespace

nlohmann::json Schema::validate(const YAML::Node& node, std::string_view file,
                                std::string_view key_path, std::vector<std::string>& errors) const {
  SchemaValidator validator(file, errors);
  if (!node.IsDefined() || (node.IsNull() && root_->type != SchemaType::kAny)) {
    if (root_->type != SchemaType::kObject) return SchemaValidator::absentValue(*root_);
    // An absent block is an empty one: defaults apply and required keys are reported (located
    // by the key path only, as the block has no position).
    return validator.validate(*root_, YAML::Node(YAML::NodeType::Map), std::string(key_path),
                              YAML::Mark::null_mark());
  }
  return validator.validate(*root_, node, std::string(key_path), node.Mark());
}

std::string Schema::describe() const {
  std::string out;
  if (const Schema::Node* children = childrenOf(*root_)) describeProperties(*children, 0, out);
  return out;
}

}  // namespace atrium::host::config

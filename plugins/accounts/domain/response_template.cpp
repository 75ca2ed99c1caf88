#include "plugins/accounts/domain/response_template.hpp"

#include <string_view>

namespace atrium::plugins::accounts {
namespace {

// The value at "a" or "a.b.c" in `values`, or nullptr when absent.
const nlohmann::json* lookup(const nlohmann::json& values, std::string_view path) {
  const nlohmann::json* node = &values;
  while (true) {
    const size_t dot = path.find('.');
    const std::string key(path.substr(0, dot));
    if (!node->is_object()) return nullptr;
    const auto it = node->find(key);
    if (it == node->end() || it->is_null()) return nullptr;
    node = &*it;
    if (dot == std::string_view::npos) return node;
    path.remove_prefix(dot + 1);
  }
}

// "name" when `text` is exactly "{{name}}".
std::optional<std::string_view> exactPlaceholder(std::string_view text) {
  if (text.size() > 4 && text.substr(0, 2) == "{{" && text.substr(text.size() - 2) == "}}" &&
      text.find("{{", 2) == std::string_view::npos) {
    return text.substr(2, text.size() - 4);
  }
  return std::nullopt;
}

std::string textOf(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

std::string substitute(std::string_view text, const nlohmann::json& values) {
  std::string out;
  while (true) {
    const size_t open = text.find("{{");
    if (open == std::string_view::npos) break;
    const size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    out.append(text.substr(0, open));
    const nlohmann::json* value = lookup(values, text.substr(open + 2, close - open - 2));
    if (value != nullptr) out += textOf(*value);
    text.remove_prefix(close + 2);
  }
  out.append(text);
  return out;
}

// Renders `node`; nullopt when it is an exact placeholder without a value.
std::optional<nlohmann::json> render(const nlohmann::json& node, const nlohmann::json& values) {
  if (node.is_string()) {
    const std::string& text = node.get_ref<const std::string&>();
    if (auto name = exactPlaceholder(text)) {
      const nlohmann::json* value = lookup(values, *name);
      if (value == nullptr) return std::nullopt;
      return *value;
    }
    return nlohmann::json(substitute(text, values));
  }
  if (node.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, child] : node.items()) {
      if (auto rendered = render(child, values)) out[key] = std::move(*rendered);
    }
    return out;
  }
  if (node.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& child : node) {
      if (auto rendered = render(child, values)) out.push_back(std::move(*rendered));
    }
    return out;
  }
  return node;
}

std::optional<std::string> firstUnknown(const nlohmann::json& node, const nlohmann::json& known) {
  if (node.is_string()) {
    std::string_view text = node.get_ref<const std::string&>();
    while (true) {
      const size_t open = text.find("{{");
      if (open == std::string_view::npos) return std::nullopt;
      const size_t close = text.find("}}", open + 2);
      if (close == std::string_view::npos) return std::nullopt;
      const std::string_view path = text.substr(open + 2, close - open - 2);
      const std::string root(path.substr(0, path.find('.')));
      bool found = false;
      for (const auto& name : known) found = found || name == root;
      if (!found) return std::string(path);
      text.remove_prefix(close + 2);
    }
  }
  if (node.is_object() || node.is_array()) {
    for (const auto& child : node) {
      if (auto unknown = firstUnknown(child, known)) return unknown;
    }
  }
  return std::nullopt;
}

}  // namespace

nlohmann::json renderResponse(const nlohmann::json& response_template,
                              const nlohmann::json& values) {
  auto rendered = render(response_template, values);
  return rendered ? *rendered : nlohmann::json::object();
}

std::optional<std::string> unknownPlaceholder(const nlohmann::json& response_template,
                                              const nlohmann::json& known_names) {
  return firstUnknown(response_template, known_names);
}

}  // namespace atrium::plugins::accounts

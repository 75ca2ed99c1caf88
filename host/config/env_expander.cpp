#include "host/config/env_expander.hpp"

#include <algorithm>

#include "host/config/source_mark.hpp"
#include "host/config/yaml_scalar.hpp"

namespace atrium::host::config {
namespace {

bool isValidName(std::string_view name) {
  if (name.empty()) return false;
  const auto is_start = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
  };
  const auto is_rest = [&](char c) { return is_start(c) || (c >= '0' && c <= '9'); };
  return is_start(name[0]) && std::all_of(name.begin() + 1, name.end(), is_rest);
}

std::string childPath(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

}  // namespace

void EnvExpander::error(const YAML::Mark& mark, const std::string& path,
                        const std::string& message) {
  errors_.push_back(formatConfigMessage(toSourceMark(file_, mark), path, message));
}

void EnvExpander::expandTree(YAML::Node node, const std::string& path) {
  if (!node.IsDefined()) return;
  if (node.IsScalar()) {
    expandScalar(node, path);
  } else if (node.IsSequence()) {
    for (size_t i = 0; i < node.size(); ++i) {
      expandTree(node[i], path + "[" + std::to_string(i) + "]");
    }
  } else if (node.IsMap()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      const std::string key = it->first.IsScalar() ? it->first.Scalar() : "?";
      expandTree(it->second, childPath(path, key));
    }
  }
}

void EnvExpander::expandScalar(YAML::Node scalar, const std::string& path) {
  const std::string& text = scalar.Scalar();
  if (text.find("${") == std::string::npos) return;
  const bool seen = std::any_of(rewritten_.begin(), rewritten_.end(),
                                [&](const YAML::Node& done) { return done.is(scalar); });
  if (seen) return;
  bool substituted = false;
  const auto expanded = expandText(text, scalar.Mark(), path, substituted);
  if (!expanded) return;
  scalar = *expanded;
  if (substituted) scalar.SetTag(std::string(kExpandedTag));
  rewritten_.push_back(scalar);
}

bool EnvExpander::substitute(std::string_view inner, const YAML::Mark& mark,
                             const std::string& path, std::string& out) {
  const size_t separator = inner.find(":-");
  const std::string_view name = inner.substr(0, separator);
  const bool has_fallback = separator != std::string_view::npos;
  const std::string reference = "'${" + std::string(inner) + "}'";
  if (!isValidName(name)) {
    error(mark, path,
          "invalid reference " + reference +
              " (write ${NAME} or ${NAME:-default}; NAME is letters, digits and underscores)");
    return false;
  }
  const std::string_view fallback = has_fallback ? inner.substr(separator + 2) : "";
  if (fallback.find("${") != std::string_view::npos) {
    error(mark, path, "nested '${' in the default of " + reference + " is not supported");
    return false;
  }
  const auto value = env_(std::string(name));
  if (value && !(has_fallback && value->empty())) {
    out += *value;
  } else if (has_fallback) {
    out += fallback;
  } else {
    error(mark, path,
          "environment variable '" + std::string(name) + "' is not set (write ${" +
              std::string(name) + ":-default} to give a default)");
    return false;
  }
  return true;
}

std::optional<std::string> EnvExpander::expandText(std::string_view text, const YAML::Mark& mark,
                                                   const std::string& path, bool& substituted) {
  std::string out;
  bool ok = true;
  size_t i = 0;
  while (i < text.size()) {
    if (text.compare(i, 3, "$${") == 0) {
      out += "${";
      i += 3;
    } else if (text.compare(i, 2, "${") == 0) {
      const size_t close = text.find('}', i + 2);
      if (close == std::string_view::npos) {
        error(mark, path, "unterminated '${' (expected '}'); write '$${' for a literal '${'");
        return std::nullopt;
      }
      ok = substitute(text.substr(i + 2, close - i - 2), mark, path, out) && ok;
      substituted = true;
      i = close + 1;
    } else {
      out.push_back(text[i]);
      ++i;
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace atrium::host::config

#pragma once

// Internal: what the steps turning a validated config file into a HostConfig share — the file
// name for messages, its directory, the YAML tree (for positions and plugin blocks), the
// validated JSON (defaults applied) and the error list.

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "host/config/host_config.hpp"

namespace atrium::host::config {

class ConfigBuildContext {
 public:
  ConfigBuildContext(std::string file, std::string base_dir, const YAML::Node& root,
                     nlohmann::json values, std::vector<std::string>& errors)
      : file_(std::move(file)),
        base_dir_(std::move(base_dir)),
        root_(root),
        values_(std::move(values)),
        errors_(errors) {}

  const std::string& file() const { return file_; }
  const std::string& baseDir() const { return base_dir_; }
  const YAML::Node& root() const { return root_; }
  const nlohmann::json& values() const { return values_; }
  bool hasErrors() const { return !errors_.empty(); }

  // parent[key] when parent is a mapping holding key; otherwise an undefined-position node.
  static YAML::Node child(const YAML::Node& parent, std::string_view key);
  // parent[index] when parent is a sequence that long; otherwise an undefined-position node.
  static YAML::Node item(const YAML::Node& parent, size_t index);

  // Where `at` is, or `fallback` when `at` has no position.
  SourceMark markOf(const YAML::Node& at, const YAML::Node& fallback = YAML::Node()) const;
  // Appends "file:line:col: path: message", located at `at` (or `fallback`).
  void error(const YAML::Node& at, const YAML::Node& fallback, const std::string& path,
             const std::string& message);
  // `path` made absolute against the config file's directory, normalised.
  std::string resolvePath(const std::string& path) const;

 private:
  std::string file_;
  std::string base_dir_;
  YAML::Node root_;
  nlohmann::json values_;
  std::vector<std::string>& errors_;
};

}  // namespace atrium::host::config

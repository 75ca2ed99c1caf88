#pragma once

#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "host/config/host_config.hpp"

namespace atrium::host::config {

// Converts a yaml-cpp mark (0-based, -1 when unknown) into a 1-based SourceMark in `file`.
SourceMark toSourceMark(std::string_view file, const YAML::Mark& mark);

// The mark of `node`, or `fallback` when the node is undefined or has no position
// (yaml-cpp gives an empty value the position of the following line).
YAML::Mark markOr(const YAML::Node& node, const YAML::Mark& fallback);

// "file:line:col: key.path: message"; the path segment is left out when `key_path` is empty.
std::string formatConfigMessage(const SourceMark& where, std::string_view key_path,
                                std::string_view message);

}  // namespace atrium::host::config

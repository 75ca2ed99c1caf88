#include "host/config/config_build_context.hpp"

#include <filesystem>

#include "host/config/source_mark.hpp"

namespace atrium::host::config {

YAML::Node ConfigBuildContext::child(const YAML::Node& parent, std::string_view key) {
  if (!parent.IsDefined() || !parent.IsMap()) return YAML::Node();
  const YAML::Node& const_parent = parent;
  YAML::Node found = const_parent[std::string(key)];
  return found.IsDefined() ? found : YAML::Node();
}

YAML::Node ConfigBuildContext::item(const YAML::Node& parent, size_t index) {
  if (!parent.IsDefined() || !parent.IsSequence() || index >= parent.size()) return YAML::Node();
  const YAML::Node& const_parent = parent;
  return const_parent[index];
}

SourceMark ConfigBuildContext::markOf(const YAML::Node& at, const YAML::Node& fallback) const {
  return toSourceMark(file_, markOr(at, markOr(fallback, YAML::Mark::null_mark())));
}

void ConfigBuildContext::error(const YAML::Node& at, const YAML::Node& fallback,
                               const std::string& path, const std::string& message) {
  errors_.push_back(formatConfigMessage(markOf(at, fallback), path, message));
}

std::string ConfigBuildContext::resolvePath(const std::string& path) const {
  std::filesystem::path p(path);
  if (p.is_relative()) p = std::filesystem::path(base_dir_) / p;
  return p.lexically_normal().string();
}

}  // namespace atrium::host::config

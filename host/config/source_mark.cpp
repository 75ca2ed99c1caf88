#include "host/config/source_mark.hpp"

namespace atrium::host::config {

std::string SourceMark::str() const {
  if (line <= 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

SourceMark toSourceMark(std::string_view file, const YAML::Mark& mark) {
  SourceMark out;
  out.file = std::string(file);
  if (mark.line >= 0 && mark.column >= 0) {
    out.line = mark.line + 1;
    out.column = mark.column + 1;
  }
  return out;
}

YAML::Mark markOr(const YAML::Node& node, const YAML::Mark& fallback) {
  if (!node.IsDefined() || node.IsNull()) return fallback;
  const YAML::Mark mark = node.Mark();
  return mark.is_null() ? fallback : mark;
}

std::string formatConfigMessage(const SourceMark& where, std::string_view key_path,
                                std::string_view message) {
  std::string out = where.str();
  out += ": ";
  if (!key_path.empty()) {
    out += key_path;
    out += ": ";
  }
  out += message;
  return out;
}

}  // namespace atrium::host::config

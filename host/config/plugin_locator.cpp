#include "host/config/plugin_locator.hpp"

#include <filesystem>
#include <system_error>

namespace atrium::host::config {

std::vector<std::string> defaultPluginDirs() {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  return {(exe.parent_path() / "plugins").string()};
}

std::optional<std::string> findPluginFile(const std::string& name,
                                          const std::vector<std::string>& dirs) {
  for (const auto& dir : dirs) {
    const std::filesystem::path candidate = std::filesystem::path(dir) / (name + ".so");
    std::error_code ec;
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate.string();
  }
  return std::nullopt;
}

}  // namespace atrium::host::config

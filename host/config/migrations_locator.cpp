#include "host/config/migrations_locator.hpp"

#include <filesystem>
#include <system_error>

namespace atrium::host::config {

std::vector<std::string> defaultMigrationsDirs() {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  const std::filesystem::path bin = exe.parent_path();
  const std::vector<std::string> candidates = {
      (bin / "sql").string(), (bin.parent_path() / "share" / "atrium" / "sql").string()};
  for (const std::string& dir : candidates) {
    if (std::filesystem::is_directory(dir, ec)) return {dir};
  }
  return candidates;
}

}  // namespace atrium::host::config

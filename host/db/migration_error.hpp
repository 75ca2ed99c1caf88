#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace atrium::host::db {

// Migrations cannot be discovered or applied: misnamed or duplicate files, a missing owner
// folder, an edited migration, a failing one. Each message is complete on its own and names the
// file or folder; what() joins them with newlines.
class MigrationError : public std::runtime_error {
 public:
  explicit MigrationError(std::vector<std::string> messages)
      : std::runtime_error(join(messages)), messages_(std::move(messages)) {}
  explicit MigrationError(const std::string& message)
      : MigrationError(std::vector<std::string>{message}) {}

  const std::vector<std::string>& messages() const { return messages_; }

 private:
  static std::string join(const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& line : lines) out += (out.empty() ? "" : "\n") + line;
    return out;
  }

  std::vector<std::string> messages_;
};

}  // namespace atrium::host::db

#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace atrium::testing {

// A directory made with mkdtemp under /tmp and removed (recursively) when this goes out of
// scope, unless keep() was called or ATRIUM_KEEP_TEST_DIRS=1 is set in the environment.
class TempDir {
 public:
  explicit TempDir(std::string_view prefix = "atrium-test");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  TempDir(TempDir&& other) noexcept;
  TempDir& operator=(TempDir&& other) noexcept;

  const std::filesystem::path& path() const { return path_; }
  // path() / relative
  std::filesystem::path operator/(const std::filesystem::path& relative) const {
    return path_ / relative;
  }
  // Writes `content` to path()/relative (parent folders created); returns the full path.
  std::filesystem::path write(const std::filesystem::path& relative, std::string_view content,
                              bool executable = false) const;
  // The content of path()/relative; throws std::runtime_error when it cannot be read.
  std::string read(const std::filesystem::path& relative) const;
  // Leave the directory on disk at destruction.
  void keep() { keep_ = true; }
  bool kept() const { return keep_; }

 private:
  void removeNow() noexcept;

  std::filesystem::path path_;
  bool keep_ = false;
};

// The whole content of a file; throws std::runtime_error when it cannot be read.
std::string readFile(const std::filesystem::path& path);
// Writes a file (parent folders created); throws std::runtime_error on failure.
void writeFile(const std::filesystem::path& path, std::string_view content);

}  // namespace atrium::testing

#pragma once

#include <filesystem>

#include "host/services/storage/storage_backend.hpp"

namespace atrium::host::storage {

// Files under one directory: <dir>/<key> ("ab/cd/<32 hex>.jpg"). A put writes a temporary file
// in <dir>/.tmp/ (same file system), fsyncs it, renames it into place and fsyncs the directory,
// so a crash or an error never leaves a partial file under a key; the temporary file is removed
// on every error. Temporary files older than an hour (left by a crash) are removed at start.
class LocalDiskStorage final : public StorageBackend {
 public:
  // Creates the directory (and .tmp/) when missing. Throws std::runtime_error naming the path
  // when it cannot.
  explicit LocalDiskStorage(std::filesystem::path dir);

  void put(std::string_view key, std::string_view data) override;
  std::optional<ObjectInfo> stat(std::string_view key) const override;
  std::string read(std::string_view key, uint64_t offset, uint64_t length) const override;
  bool remove(std::string_view key) override;

  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path pathOf(std::string_view key) const;
  void removeStaleTemporaries() const;

  std::filesystem::path dir_;
  std::filesystem::path tmp_dir_;
};

}  // namespace atrium::host::storage

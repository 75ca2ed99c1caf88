#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace atrium::host::storage {

struct ObjectInfo {
  uint64_t size = 0;
  std::chrono::system_clock::time_point modified;
};

// Where stored files live. Keys are valid storage keys (storage_key.hpp) — the service checks
// them before calling. LocalDiskStorage is the implementation today; an S3-compatible one can
// follow behind the same calls. Implementations are thread-safe.
class StorageBackend {
 public:
  virtual ~StorageBackend() = default;

  // Stores `data` under `key` atomically: afterwards the whole file is visible under the key,
  // or — when this throws — nothing is (no partial file, no temporary file left behind).
  virtual void put(std::string_view key, std::string_view data) = 0;
  // std::nullopt when there is no such file.
  virtual std::optional<ObjectInfo> stat(std::string_view key) const = 0;
  // Bytes [offset, offset + length) (fewer at the end of the file). Throws StorageError 404
  // when the file does not exist (any more).
  virtual std::string read(std::string_view key, uint64_t offset, uint64_t length) const = 0;
  // False when there was no such file.
  virtual bool remove(std::string_view key) = 0;
};

}  // namespace atrium::host::storage

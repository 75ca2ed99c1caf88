#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "host/common/logger.hpp"
#include "host/config/host_config.hpp"
#include "host/http/multipart_parser.hpp"
#include "host/services/storage/content_sniffer.hpp"
#include "host/services/storage/storage_backend.hpp"
#include "host/services/storage/storage_error.hpp"

namespace atrium::host::storage {

// What a stored file is, as plugins receive it (and usually keep in their own table).
struct StoredObject {
  std::string key;           // "ab/cd/<32 hex>.jpg"
  std::string url;           // "/uploads/ab/cd/<32 hex>.jpg" ("" when not served here)
  std::string content_type;  // sniffed: "image/jpeg"
  uint64_t size = 0;
  std::string sha256;  // 64 lowercase hex digits ("" from stat(): not computed)
};

// The host's storage service (`storage:` in the YAML, docs/storage.md): checks an upload
// against a named profile — the type libmagic sniffs from the bytes must be one the profile
// allows, the size within its max_size, and no markup or script may ride along (the polyglot
// rule, active_content.hpp) — then stores it under a random key. Thread-safe.
class StorageService {
 public:
  // Throws std::invalid_argument naming the key when a profile allows a type that cannot be
  // stored (unknown, or active content such as text/html or image/svg+xml); std::runtime_error
  // when libmagic cannot load.
  StorageService(const config::StorageConfig& config, std::unique_ptr<StorageBackend> backend,
                 const common::LogSink& logs);

  // Checks and stores `data` under `profile`. Throws StorageError: 400 unknown profile, 413 too
  // large, 415 type not allowed, 422 active content inside, 500 disk failure (nothing is left
  // behind then). `request_id` tags the log line that says why an upload was refused.
  StoredObject save(std::string_view profile, std::string_view data,
                    std::string_view request_id = {}) const;

  // Size and type of a stored file (sha256 left empty), or std::nullopt. Throws StorageError
  // 400 for a malformed key.
  std::optional<StoredObject> stat(std::string_view key) const;
  // False when there was no such file. Throws StorageError 400 for a malformed key.
  bool remove(std::string_view key) const;

  // The multipart limits of `storage.multipart`.
  http::MultipartLimits multipartLimits() const;
  std::string urlOf(std::string_view key) const;
  const config::StorageConfig& config() const { return config_; }
  const StorageBackend& backend() const { return *backend_; }

 private:
  const config::UploadProfileConfig& profileNamed(std::string_view name) const;

  const config::StorageConfig& config_;
  std::unique_ptr<StorageBackend> backend_;
  ContentSniffer sniffer_;
  common::Logger logger_;
};

// Checks the profiles of `config` (allowed types storable, no active content); throws
// std::invalid_argument "storage.profiles.<name>.allowed_types[i]: ..." on the first problem.
void checkStorageConfig(const config::StorageConfig& config);

}  // namespace atrium::host::storage

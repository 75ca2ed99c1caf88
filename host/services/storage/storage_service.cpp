#include "host/services/storage/storage_service.hpp"

#include "host/common/sha256.hpp"
#include "host/services/storage/active_content.hpp"
#include "host/services/storage/media_types.hpp"
#include "host/services/storage/storage_key.hpp"

namespace atrium::host::storage {

void checkStorageConfig(const config::StorageConfig& config) {
  for (const auto& [name, profile] : config.profiles) {
    for (size_t i = 0; i < profile.allowed_types.size(); ++i) {
      const std::string& type = profile.allowed_types[i];
      const std::string where =
          "storage.profiles." + name + ".allowed_types[" + std::to_string(i) + "]: ";
      if (isActiveContentType(type)) {
        throw std::invalid_argument(where + "'" + type +
                                    "' is active content (a browser runs it) and is never "
                                    "accepted as an upload");
      }
      if (!uploadMediaType(type)) {
        throw std::invalid_argument(where + "'" + type +
                                    "' is not a supported upload type (docs/storage.md lists "
                                    "them)");
      }
    }
  }
}

StorageService::StorageService(const config::StorageConfig& config,
                               std::unique_ptr<StorageBackend> backend, const common::LogSink& logs)
    : config_(config), backend_(std::move(backend)), logger_(logs, "host.storage") {
  checkStorageConfig(config_);
}

const config::UploadProfileConfig& StorageService::profileNamed(std::string_view name) const {
  const auto it = config_.profiles.find(std::string(name));
  if (it == config_.profiles.end()) {
    throw StorageError(
        500, "internal_error", "Internal server error",
        "no storage profile '" + std::string(name) + "' (define it under storage.profiles)");
  }
  return it->second;
}

StoredObject StorageService::save(std::string_view profile_name, std::string_view data,
                                  std::string_view request_id) const {
  const config::UploadProfileConfig& profile = profileNamed(profile_name);
  auto refuse = [&](int status, const char* code, const std::string& message,
                    const nlohmann::json& why) {
    logger_.log(common::LogLevel::kInfo, "upload refused", request_id,
                {{"profile", profile_name}, {"status", status}, {"reason", why}});
    throw StorageError(status, code, message);
  };
  if (data.size() > profile.max_size) {
    refuse(413, "payload_too_large",
           "File is too large (at most " + std::to_string(profile.max_size) + " bytes)",
           "size " + std::to_string(data.size()));
  }
  if (data.empty()) refuse(400, "empty_file", "The file is empty", "empty");
  const std::string sniffed = sniffer_.sniff(data);
  bool allowed = false;
  for (const std::string& type : profile.allowed_types) allowed = allowed || type == sniffed;
  const auto media = uploadMediaType(sniffed);
  if (!allowed || !media || isActiveContentType(sniffed)) {
    refuse(415, "unsupported_media_type", "This type of file is not accepted",
           "sniffed " + sniffed);
  }
  if (auto marker = findActiveContent(data)) {
    refuse(422, "active_content", "The file contains markup or script and is not accepted",
           "sniffed " + sniffed + " with '" + std::string(*marker) + "' inside");
  }
  StoredObject object;
  object.key = newStorageKey(media->extension);
  object.content_type = std::string(media->type);
  object.size = data.size();
  object.sha256 = common::sha256Hex(data);
  object.url = urlOf(object.key);
  backend_->put(object.key, data);
  return object;
}

std::optional<StoredObject> StorageService::stat(std::string_view key) const {
  if (!isValidStorageKey(key)) throw StorageError(400, "invalid_key", "Invalid storage key");
  const auto info = backend_->stat(key);
  const auto media = mediaTypeForExtension(storageKeyExtension(key));
  if (!info || !media) return std::nullopt;
  StoredObject object;
  object.key = std::string(key);
  object.url = urlOf(key);
  object.content_type = std::string(media->type);
  object.size = info->size;
  return object;
}

bool StorageService::remove(std::string_view key) const {
  if (!isValidStorageKey(key)) throw StorageError(400, "invalid_key", "Invalid storage key");
  return backend_->remove(key);
}

http::MultipartLimits StorageService::multipartLimits() const {
  http::MultipartLimits limits;
  limits.max_parts = config_.max_parts;
  limits.max_header_bytes = config_.max_part_header_bytes;
  limits.max_field_bytes = config_.max_field_bytes;
  limits.max_file_bytes = config_.max_file_bytes;
  return limits;
}

std::string StorageService::urlOf(std::string_view key) const {
  if (config_.url_prefix.empty()) return {};
  return config_.url_prefix + "/" + std::string(key);
}

}  // namespace atrium::host::storage

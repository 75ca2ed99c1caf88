// buildStorage: the `storage:` section (host/services/storage, docs/storage.md). Which media
// types a profile may allow is checked by the storage service itself (media_types.cpp), which
// both `serve` and `check-config` construct.
#include "host/config/host_config_builder.hpp"

namespace atrium::host::config {

StorageConfig buildStorage(ConfigBuildContext& ctx, const std::string& product) {
  const nlohmann::json& v = ctx.values().at("storage");
  const YAML::Node yaml = ConfigBuildContext::child(ctx.root(), "storage");
  StorageConfig storage;
  const std::string dir = v.at("dir").get<std::string>();
  storage.dir = dir.empty() ? "var/uploads/" + product : ctx.resolvePath(dir);
  storage.url_prefix = v.at("url_prefix").get<std::string>();
  while (storage.url_prefix.size() > 1 && storage.url_prefix.back() == '/') {
    storage.url_prefix.pop_back();
  }
  if (!storage.url_prefix.empty() &&
      (storage.url_prefix.front() != '/' || storage.url_prefix == "/" ||
       storage.url_prefix.find_first_of(":*?#% ") != std::string::npos)) {
    ctx.error(ConfigBuildContext::child(yaml, "url_prefix"), yaml, "storage.url_prefix",
              "must be a path like /uploads (starting with '/', not '/' alone, without : * ? # % "
              "or spaces)");
  }
  storage.cache_max_age = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::milliseconds(v.at("cache_max_age").get<int64_t>()));
  const nlohmann::json& multipart = v.at("multipart");
  storage.max_parts = multipart.at("max_parts").get<size_t>();
  storage.max_part_header_bytes = multipart.at("max_header_size").get<size_t>();
  storage.max_field_bytes = multipart.at("max_field_size").get<size_t>();
  storage.max_file_bytes = multipart.at("max_file_size").get<size_t>();
  for (const auto& [name, profile] : v.at("profiles").items()) {
    UploadProfileConfig out;
    out.allowed_types = profile.at("allowed_types").get<std::vector<std::string>>();
    out.max_size = profile.at("max_size").get<size_t>();
    storage.profiles.emplace(name, std::move(out));
  }
  return storage;
}

}  // namespace atrium::host::config

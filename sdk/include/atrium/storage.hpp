// Storing uploaded files through the host's storage service (ABI 1.5, docs/storage.md).
// Compiles as C++17.
//
//   const sdk::Multipart form = req.multipart();          // 400/413/415 thrown for you
//   const sdk::MultipartPart* file = form.file("file");
//   if (file == nullptr) throw sdk::badRequest("file is required");
//   sdk::StoredObject stored = ctx.storage(req).save("media", *file);  // 413/415/422 thrown
//   // keep stored.key in your table; send stored.url to the client
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "atrium/abi.h"
#include "atrium/detail/str.hpp"
#include "atrium/http_error.hpp"
#include "atrium/request.hpp"

namespace atrium::sdk {

// A stored file. Keep `key` (to stat or delete it later); give clients `url`.
struct StoredObject {
  std::string key;           // "ab/cd/<32 hex>.jpg"
  std::string url;           // "/uploads/ab/cd/<32 hex>.jpg" ("" when the host does not serve it)
  std::string content_type;  // sniffed from the bytes
  uint64_t size = 0;
  std::string sha256;  // hex; empty from Storage::stat

  nlohmann::json toJson() const {
    return {{"key", key}, {"url", url}, {"type", content_type}, {"size", size}, {"sha256", sha256}};
  }
};

// A refused or failed storage call, as the HttpError the handler should answer with: 400 bad
// key, 404 not found, 413 too large, 415 type not allowed, 422 markup or script inside, 500
// storage failure (detail in the host's log), 503 no storage service.
class StorageError : public HttpError {
 public:
  using HttpError::HttpError;
};

namespace detail {

struct StorageResultFree {
  const atrium_host_api* host;
  void operator()(atrium_storage_result* result) const { host->storage_result_free(result); }
};

}  // namespace detail

// The storage service. Cheap to copy; use from the handler's thread.
class Storage {
 public:
  Storage(const atrium_host_api* host, atrium_plugin_ctx* ctx, const atrium_request* req = nullptr)
      : host_(host), ctx_(ctx), req_(req) {
    if (!ATRIUM_ABI_HAS_FIELD(host_, atrium_host_api, storage_result_free)) {
      throw std::runtime_error(
          "this host has no storage service (it needs ABI 1.5, the host speaks " +
          std::to_string(host_->header.abi_major) + "." + std::to_string(host_->header.abi_minor) +
          ")");
    }
  }

  // Stores a part of the current request's multipart body under upload profile `profile`
  // (storage.profiles.<name> in the YAML). Needs the Storage of that request.
  StoredObject save(std::string_view profile, const MultipartPart& part) const {
    if (req_ == nullptr) throw std::logic_error("Storage::save(part) needs ctx.storage(req)");
    return take(host_->storage_save_part(ctx_, req_, detail::str(profile), part.index));
  }
  // Stores bytes the plugin has (a generated image, ...).
  StoredObject save(std::string_view profile, std::string_view data) const {
    return take(host_->storage_save(ctx_, req_, detail::str(profile), detail::str(data)));
  }
  // Size, type and URL of a stored file; std::nullopt when there is none.
  std::optional<StoredObject> stat(std::string_view key) const {
    try {
      return take(host_->storage_stat(ctx_, detail::str(key)));
    } catch (const StorageError& e) {
      if (e.status() == 404) return std::nullopt;
      throw;
    }
  }
  // False when there was no such file. Throws StorageError 400 for a malformed key.
  bool remove(std::string_view key) const {
    try {
      take(host_->storage_delete(ctx_, req_, detail::str(key)), false);
      return true;
    } catch (const StorageError& e) {
      if (e.status() == 404) return false;
      throw;
    }
  }

 private:
  StoredObject take(atrium_storage_result* raw, bool want_object = true) const {
    if (raw == nullptr) throw std::bad_alloc();
    std::unique_ptr<atrium_storage_result, detail::StorageResultFree> result(
        raw, detail::StorageResultFree{host_});
    atrium_str code{nullptr, 0};
    atrium_str message{nullptr, 0};
    const int32_t status = host_->storage_result_error(raw, &code, &message);
    if (status != 0) {
      throw StorageError(status, std::string(detail::view(code)),
                         std::string(detail::view(message)));
    }
    StoredObject out;
    atrium_stored_object object{};
    object.struct_size = sizeof object;
    if (host_->storage_result_object(raw, &object) != 0) {
      out.key = std::string(detail::view(object.key));
      out.url = std::string(detail::view(object.url));
      out.content_type = std::string(detail::view(object.content_type));
      out.size = object.size;
      out.sha256 = std::string(detail::view(object.sha256));
    } else if (want_object) {
      throw StorageError(500, "internal_error", "Internal server error",
                         "storage call returned no object");
    }
    return out;
  }

  const atrium_host_api* host_;
  atrium_plugin_ctx* ctx_;
  const atrium_request* req_;
};

}  // namespace atrium::sdk

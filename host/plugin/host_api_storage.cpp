// The storage part of the host's function table (ABI 1.5): the request's multipart parts and
// the storage service (host/services/storage, docs/storage.md). Every entry is noexcept;
// nothing a plugin passes can crash the host.
#include <new>
#include <optional>
#include <string>

#include "host/plugin/host_api.hpp"
#include "host/services/storage/storage_service.hpp"

struct atrium_storage_result {
  int32_t status = 0;  // 0: success
  std::string code;
  std::string message;
  std::optional<atrium::host::storage::StoredObject> object;
};

namespace atrium::host::plugin {
namespace {

atrium_storage_result* failure(int32_t status, std::string code, std::string message) {
  auto* result = new (std::nothrow) atrium_storage_result;
  if (result == nullptr) return nullptr;
  result->status = status;
  result->code = std::move(code);
  result->message = std::move(message);
  return result;
}

// Runs `work` (which returns the object, or std::nullopt for "done, nothing to return") and
// turns every failure into a result: StorageError with its status, anything else a 500 logged
// with its detail.
template <typename Work>
atrium_storage_result* run(atrium_plugin_ctx* ctx, const atrium_request* req,
                           Work&& work) noexcept {
  PluginContext* plugin = contextOf(ctx);
  try {
    if (plugin == nullptr) return failure(500, "internal_error", "Internal server error");
    if (plugin->storage == nullptr) {
      return failure(503, "unavailable", "File storage is not available");
    }
    auto* result = new (std::nothrow) atrium_storage_result;
    if (result == nullptr) return nullptr;
    try {
      result->object = work(*plugin->storage);
    } catch (...) {
      delete result;
      throw;
    }
    return result;
  } catch (const storage::StorageError& e) {
    if (e.status() >= 500) {
      const RequestHandle* request = requestHandleOf(req);
      plugin->logger.log(common::LogLevel::kError, "storage call failed",
                         request && request->request ? request->request->request_id : "",
                         {{"detail", e.detail().empty() ? e.what() : e.detail()}});
    }
    return failure(e.status(), e.code(), e.what());
  } catch (const std::exception& e) {
    if (plugin != nullptr) {
      plugin->logger.error("storage call failed", {{"detail", e.what()}});
    }
    return failure(500, "internal_error", "Internal server error");
  } catch (...) {
    return failure(500, "internal_error", "Internal server error");
  }
}

std::string_view requestId(const atrium_request* req) {
  const RequestHandle* request = requestHandleOf(req);
  return request && request->request ? std::string_view(request->request->request_id)
                                     : std::string_view();
}

atrium_status requestMultipart(const atrium_request* req, size_t* count, int32_t* http_status,
                               atrium_str* message) noexcept {
  if (count) *count = 0;
  if (http_status) *http_status = 0;
  if (message) *message = atrium_str{nullptr, 0};
  const RequestHandle* request = requestHandleOf(req);
  if (request == nullptr || request->request == nullptr) return ATRIUM_ERR_INVALID_ARGUMENT;
  try {
    if (!request->multipart) {
      // The limits come from the storage service of the plugin that handles this request; a
      // host without one has no multipart limits configured and refuses.
      const storage::StorageService* service = request->storage;
      if (service == nullptr) return ATRIUM_ERR_UNAVAILABLE;
      auto parsed = std::make_unique<ParsedMultipart>();
      try {
        parsed->parts = http::parseMultipartRequest(*request->request, service->multipartLimits());
      } catch (const http::MultipartError& e) {
        parsed->status = e.status();
        parsed->message = e.what();
      }
      request->multipart = std::move(parsed);
    }
    const ParsedMultipart& parsed = *request->multipart;
    if (parsed.status != 0) {
      if (http_status) *http_status = parsed.status;
      if (message) *message = str(parsed.message);
      return ATRIUM_ERR_INVALID_ARGUMENT;
    }
    if (count) *count = parsed.parts.size();
    return ATRIUM_OK;
  } catch (...) {
    return ATRIUM_ERR_INTERNAL;
  }
}

const http::MultipartPart* partAt(const atrium_request* req, size_t index) {
  const RequestHandle* request = requestHandleOf(req);
  if (request == nullptr || !request->multipart || request->multipart->status != 0) {
    return nullptr;
  }
  const auto& parts = request->multipart->parts;
  return index < parts.size() ? &parts[index] : nullptr;
}

// Writes `value` into the caller's struct only when its struct_size covers the field.
template <typename Struct, typename Field>
void setField(Struct* out, Field Struct::*member, size_t offset, Field value) {
  if (out->struct_size >= offset + sizeof(Field)) out->*member = value;
}
#define ATRIUM_SET(out, type, field, value) \
  setField(out, &type::field, offsetof(type, field), value)

int32_t requestMultipartPart(const atrium_request* req, size_t index,
                             atrium_multipart_part* out) noexcept {
  const http::MultipartPart* part = partAt(req, index);
  if (part == nullptr || out == nullptr) return 0;
  ATRIUM_SET(out, atrium_multipart_part, is_file, part->isFile() ? 1 : 0);
  ATRIUM_SET(out, atrium_multipart_part, name, str(part->name));
  const atrium_str filename = part->filename ? str(*part->filename) : str({});
  ATRIUM_SET(out, atrium_multipart_part, filename, filename);
  ATRIUM_SET(out, atrium_multipart_part, content_type, str(part->content_type));
  ATRIUM_SET(out, atrium_multipart_part, data, str(part->data));
  return 1;
}

atrium_storage_result* storageSavePart(atrium_plugin_ctx* ctx, const atrium_request* req,
                                       atrium_str profile, size_t part_index) noexcept {
  return run(ctx, req, [&](const storage::StorageService& service) {
    const http::MultipartPart* part = partAt(req, part_index);
    if (part == nullptr) {
      throw storage::StorageError(500, "internal_error", "Internal server error",
                                  "storage_save_part: no multipart part " +
                                      std::to_string(part_index) +
                                      " (call request_multipart first)");
    }
    return std::optional(service.save(view(profile), part->data, requestId(req)));
  });
}

atrium_storage_result* storageSave(atrium_plugin_ctx* ctx, const atrium_request* req,
                                   atrium_str profile, atrium_str data) noexcept {
  return run(ctx, req, [&](const storage::StorageService& service) {
    return std::optional(service.save(view(profile), view(data), requestId(req)));
  });
}

atrium_storage_result* storageStat(atrium_plugin_ctx* ctx, atrium_str key) noexcept {
  return run(ctx, nullptr, [&](const storage::StorageService& service) {
    auto object = service.stat(view(key));
    if (!object) throw storage::StorageError(404, "not_found", "Not found");
    return object;
  });
}

atrium_storage_result* storageDelete(atrium_plugin_ctx* ctx, const atrium_request* req,
                                     atrium_str key) noexcept {
  return run(ctx, req, [&](const storage::StorageService& service) {
    if (!service.remove(view(key))) throw storage::StorageError(404, "not_found", "Not found");
    return std::optional<storage::StoredObject>();
  });
}

int32_t storageResultError(const atrium_storage_result* res, atrium_str* code,
                           atrium_str* message) noexcept {
  if (res == nullptr) {
    if (code) *code = str("internal_error");
    if (message) *message = str("Internal server error");
    return 500;
  }
  if (code) *code = str(res->code);
  if (message) *message = str(res->message);
  return res->status;
}

int32_t storageResultObject(const atrium_storage_result* res, atrium_stored_object* out) noexcept {
  if (res == nullptr || out == nullptr || !res->object) return 0;
  const storage::StoredObject& object = *res->object;
  ATRIUM_SET(out, atrium_stored_object, key, str(object.key));
  ATRIUM_SET(out, atrium_stored_object, url, str(object.url));
  ATRIUM_SET(out, atrium_stored_object, content_type, str(object.content_type));
  ATRIUM_SET(out, atrium_stored_object, size, object.size);
  ATRIUM_SET(out, atrium_stored_object, sha256, str(object.sha256));
  return 1;
}

void storageResultFree(atrium_storage_result* res) noexcept { delete res; }

}  // namespace

void addStorageApi(atrium_host_api& api) noexcept {
  api.request_multipart = &requestMultipart;
  api.request_multipart_part = &requestMultipartPart;
  api.storage_save_part = &storageSavePart;
  api.storage_save = &storageSave;
  api.storage_stat = &storageStat;
  api.storage_delete = &storageDelete;
  api.storage_result_error = &storageResultError;
  api.storage_result_object = &storageResultObject;
  api.storage_result_free = &storageResultFree;
}

}  // namespace atrium::host::plugin

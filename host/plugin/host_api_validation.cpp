// ABI 1.2 validation functions: field errors attached to a handler's error response.
#include "host/plugin/host_api.hpp"

namespace atrium::host::plugin {
namespace {

constexpr size_t kMaxFieldErrorsBytes = 64 * 1024;
constexpr size_t kMaxFieldErrors = 100;

bool isFieldErrorList(const nlohmann::json& value) {
  if (!value.is_array() || value.size() > kMaxFieldErrors) return false;
  for (const auto& entry : value) {
    if (!entry.is_object() || entry.size() != 2 || !entry.contains("field") ||
        !entry.contains("message") || !entry.at("field").is_string() ||
        !entry.at("message").is_string()) {
      return false;
    }
  }
  return true;
}

atrium_status responseSetErrorFields(atrium_response* res, atrium_str errors_json) noexcept {
  ResponseHandle* handle = responseOf(res);
  if (handle == nullptr) return ATRIUM_ERR_INVALID_ARGUMENT;
  try {
    const std::string_view text = view(errors_json);
    if (!handle->response.has_error || text.size() > kMaxFieldErrorsBytes) {
      return ATRIUM_ERR_INVALID_ARGUMENT;
    }
    nlohmann::json errors = nlohmann::json::parse(text, nullptr, false);
    if (errors.is_discarded() || !isFieldErrorList(errors)) return ATRIUM_ERR_INVALID_ARGUMENT;
    handle->response.error.errors = std::move(errors);
    return ATRIUM_OK;
  } catch (...) {
    return ATRIUM_ERR_INTERNAL;
  }
}

}  // namespace

void addValidationApi(atrium_host_api& api) noexcept {
  api.response_set_error_fields = &responseSetErrorFields;
}

}  // namespace atrium::host::plugin

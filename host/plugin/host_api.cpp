#include "host/plugin/host_api.hpp"

#include <string>

#include "host/http/header_syntax.hpp"

namespace atrium::host::plugin {
namespace {

// ---- handle conversions -------------------------------------------------------------------

const http::Request* requestOf(const atrium_request* req) noexcept {
  if (req == nullptr) return nullptr;
  return requestHandleOf(req)->request;
}

common::LogLevel toLogLevel(atrium_log_level level) noexcept {
  if (level < ATRIUM_LOG_INFO) return common::LogLevel::kDebug;
  if (level < ATRIUM_LOG_WARN) return common::LogLevel::kInfo;
  if (level < ATRIUM_LOG_ERROR) return common::LogLevel::kWarn;
  return common::LogLevel::kError;
}

// Marks the response as refused; the handler's answer then becomes a 500 (HandlerEntry::invoke).
void refuse(ResponseHandle* res, std::string what) noexcept {
  try {
    if (res->invalid.empty()) res->invalid = std::move(what);
  } catch (...) {}
}

// ---- logging and config -------------------------------------------------------------------

void hostLog(atrium_plugin_ctx* ctx, const atrium_request* req, atrium_log_level level,
             atrium_str message) noexcept {
  PluginContext* plugin = contextOf(ctx);
  if (plugin == nullptr) return;  // no context (called from init): nowhere to attribute it
  try {
    const common::LogLevel lvl = toLogLevel(level);
    if (!plugin->logger.enabled(lvl)) return;
    std::string_view request_id;
    nlohmann::json fields = nullptr;
    if (req != nullptr) {
      const RequestHandle* handle = requestHandleOf(req);
      if (handle->request != nullptr) request_id = handle->request->request_id;
      if (!handle->handler_id.empty()) fields = {{"handler", handle->handler_id}};
    }
    plugin->logger.log(lvl, view(message), request_id, fields);
  } catch (...) {
    // A log line that cannot be built is dropped; logging never fails a request.
  }
}

atrium_str hostConfigJson(atrium_plugin_ctx* ctx) noexcept {
  PluginContext* plugin = contextOf(ctx);
  if (plugin == nullptr) return str("{}");
  return str(plugin->config_json);
}

// ---- request accessors --------------------------------------------------------------------

template <std::string http::Request::*Member>
atrium_str requestString(const atrium_request* req) noexcept {
  const http::Request* request = requestOf(req);
  if (request == nullptr) return str({});
  return str(request->*Member);
}

using Lookup = std::optional<std::string_view> (http::Request::*)(std::string_view) const;

template <Lookup Fn>
int32_t requestLookup(const atrium_request* req, atrium_str name, atrium_str* out) noexcept {
  const http::Request* request = requestOf(req);
  if (request == nullptr || out == nullptr) return 0;
  if (name.ptr == nullptr && name.len != 0) return 0;
  const std::optional<std::string_view> value = (request->*Fn)(view(name));
  if (!value) return 0;
  *out = str(*value);
  return 1;
}

template <std::vector<http::NameValue> http::Request::*Member>
size_t requestCount(const atrium_request* req) noexcept {
  const http::Request* request = requestOf(req);
  return request == nullptr ? 0 : (request->*Member).size();
}

template <std::vector<http::NameValue> http::Request::*Member>
int32_t requestAt(const atrium_request* req, size_t index, atrium_str* name,
                  atrium_str* value) noexcept {
  const http::Request* request = requestOf(req);
  if (request == nullptr || index >= (request->*Member).size()) return 0;
  const http::NameValue& entry = (request->*Member)[index];
  if (name != nullptr) *name = str(entry.first);
  if (value != nullptr) *value = str(entry.second);
  return 1;
}

// ---- response writers ---------------------------------------------------------------------

void responseSetStatus(atrium_response* res, int32_t status) noexcept {
  ResponseHandle* handle = responseOf(res);
  if (handle == nullptr) return;
  if (status < 200 || status > 599) {
    try {
      refuse(handle,
             "handler set invalid HTTP status " + std::to_string(status) + " (expected 200..599)");
    } catch (...) {}
    return;
  }
  handle->response.status = status;
}

atrium_status responseAddHeader(atrium_response* res, atrium_str name, atrium_str value) noexcept {
  ResponseHandle* handle = responseOf(res);
  if (handle == nullptr || (name.ptr == nullptr && name.len != 0) ||
      (value.ptr == nullptr && value.len != 0)) {
    return ATRIUM_ERR_INVALID_ARGUMENT;
  }
  const std::string_view n = view(name);
  const std::string_view v = view(value);
  if (!http::isHeaderName(n) || !http::isHeaderValue(v)) return ATRIUM_ERR_INVALID_ARGUMENT;
  // Framing belongs to the host: a plugin-set length could desynchronise the connection.
  if (http::equalsIgnoreCase(n, "Content-Length") ||
      http::equalsIgnoreCase(n, "Transfer-Encoding") || http::equalsIgnoreCase(n, "Connection")) {
    return ATRIUM_ERR_INVALID_ARGUMENT;
  }
  try {
    if (http::equalsIgnoreCase(n, "Content-Type")) {
      handle->response.content_type = std::string(v);
    } else {
      handle->response.addHeader(std::string(n), std::string(v));
    }
    return ATRIUM_OK;
  } catch (...) {
    return ATRIUM_ERR_INTERNAL;
  }
}

void responseSetBody(atrium_response* res, atrium_str body, atrium_str content_type) noexcept {
  ResponseHandle* handle = responseOf(res);
  if (handle == nullptr) return;
  try {
    const std::string_view type = view(content_type);
    if (!http::isHeaderValue(type)) {
      refuse(handle, "handler set a Content-Type holding CR, LF or NUL");
      return;
    }
    handle->response.body.assign(view(body));
    handle->response.content_type.assign(type);
  } catch (...) {
    refuse(handle, "out of memory while copying the response body");
  }
}

void responseSetError(atrium_response* res, int32_t status, atrium_str code,
                      atrium_str message) noexcept {
  ResponseHandle* handle = responseOf(res);
  if (handle == nullptr) return;
  try {
    if (status < 400 || status > 599) {
      refuse(handle,
             "handler set an error with status " + std::to_string(status) + " (expected 400..599)");
      return;
    }
    std::string error_code(view(code));
    if (error_code.empty()) error_code = "error";
    handle->response.setError(status, std::move(error_code), std::string(view(message)));
  } catch (...) {
    refuse(handle, "out of memory while copying the error");
  }
}

void responseSetFailure(atrium_response* res, atrium_str internal_detail) noexcept {
  ResponseHandle* handle = responseOf(res);
  if (handle == nullptr) return;
  try {
    handle->failure.assign(view(internal_detail));
  } catch (...) {}
}

}  // namespace

atrium_host_api makeHostApi() noexcept {
  atrium_host_api api{};
  api.header.struct_size = sizeof(atrium_host_api);
  api.header.abi_major = ATRIUM_ABI_MAJOR;
  api.header.abi_minor = ATRIUM_ABI_MINOR;
  api.log = &hostLog;
  api.config_json = &hostConfigJson;
  api.request_method = &requestString<&http::Request::method>;
  api.request_path = &requestString<&http::Request::path>;
  api.request_route = &requestString<&http::Request::route_pattern>;
  api.request_body = &requestString<&http::Request::body>;
  api.request_client_ip = &requestString<&http::Request::client_ip>;
  api.request_id = &requestString<&http::Request::request_id>;
  api.request_principal_json = &requestString<&http::Request::principal_json>;
  api.request_param = &requestLookup<&http::Request::param>;
  api.request_query = &requestLookup<&http::Request::queryValue>;
  api.request_header = &requestLookup<&http::Request::header>;
  api.request_query_count = &requestCount<&http::Request::query>;
  api.request_query_at = &requestAt<&http::Request::query>;
  api.request_header_count = &requestCount<&http::Request::headers>;
  api.request_header_at = &requestAt<&http::Request::headers>;
  api.response_set_status = &responseSetStatus;
  api.response_add_header = &responseAddHeader;
  api.response_set_body = &responseSetBody;
  api.response_set_error = &responseSetError;
  api.response_set_failure = &responseSetFailure;
  addDatabaseApi(api);
  addScriptsApi(api);
  addMessagingApi(api);
  addAuthApi(api);
  addValidationApi(api);
  addEventsApi(api);
  addAiApi(api);
  addStorageApi(api);
  return api;
}

}  // namespace atrium::host::plugin

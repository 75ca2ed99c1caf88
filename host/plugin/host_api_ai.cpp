// The AI part of the host's function table (ABI 1.4): plugins generate text through the host's
// AI service (docs/ai.md). Every entry is noexcept.
#include <memory>
#include <new>
#include <string>

#include "host/plugin/host_api.hpp"
#include "host/services/ai/ai_service.hpp"

namespace atrium::host::plugin {
namespace {

// What an atrium_ai_result* points to.
struct AiResultHandle {
  atrium_ai_error_kind error = ATRIUM_AI_OK;
  std::string message;
  std::string json;
};

atrium_ai_error_kind kindOf(ai::AiErrorKind kind) noexcept {
  switch (kind) {
    case ai::AiErrorKind::kInvalidRequest: return ATRIUM_AI_INVALID_REQUEST;
    case ai::AiErrorKind::kUnavailable: return ATRIUM_AI_UNAVAILABLE;
    case ai::AiErrorKind::kRateLimited: return ATRIUM_AI_RATE_LIMITED;
    case ai::AiErrorKind::kBadResponse: return ATRIUM_AI_BAD_RESPONSE;
    case ai::AiErrorKind::kRefused: return ATRIUM_AI_REFUSED;
    case ai::AiErrorKind::kTimeout: return ATRIUM_AI_TIMEOUT;
    case ai::AiErrorKind::kTemplate: return ATRIUM_AI_TEMPLATE;
  }
  return ATRIUM_AI_UNAVAILABLE;
}

atrium_ai_result* toAbi(AiResultHandle* res) noexcept {
  return reinterpret_cast<atrium_ai_result*>(res);
}
const AiResultHandle* resultOf(const atrium_ai_result* res) noexcept {
  return reinterpret_cast<const AiResultHandle*>(res);
}

atrium_ai_result* failed(atrium_ai_error_kind kind, std::string_view name, std::string message,
                         std::string fallback = {}) noexcept {
  auto* res = new (std::nothrow) AiResultHandle;
  if (res == nullptr) return nullptr;
  res->error = kind;
  try {
    res->json = nlohmann::json{{"error", name}, {"message", message}, {"fallback", fallback}}.dump(
        -1, ' ', false, nlohmann::json::error_handler_t::replace);
    res->message = std::move(message);
  } catch (...) {}
  return toAbi(res);
}

// The principal's "sub" as text ("" when anonymous).
std::string subjectOf(const http::Request& request) {
  if (request.principal_json.empty()) return {};
  const nlohmann::json principal = nlohmann::json::parse(request.principal_json, nullptr, false);
  if (!principal.is_object() || !principal.contains("sub")) return {};
  const nlohmann::json& sub = principal["sub"];
  if (sub.is_string()) return sub.get<std::string>();
  if (sub.is_number_integer()) return std::to_string(sub.get<int64_t>());
  return {};
}

atrium_ai_result* aiGenerate(atrium_plugin_ctx* ctx, const atrium_request* req,
                             atrium_str request_json) noexcept {
  try {
    const PluginContext* plugin = contextOf(ctx);
    if (plugin == nullptr)
      return failed(ATRIUM_AI_INVALID_REQUEST, "invalid_request", "ctx is NULL");
    if (plugin->ai == nullptr) {
      return failed(ATRIUM_AI_UNAVAILABLE, "unavailable", "no AI service in this process");
    }
    const nlohmann::json request = nlohmann::json::parse(view(request_json), nullptr, false);
    if (request.is_discarded()) {
      return failed(ATRIUM_AI_INVALID_REQUEST, "invalid_request", "request_json is not JSON");
    }
    ai::AiCaller caller{plugin->name, {}, {}};
    const RequestHandle* handle = requestHandleOf(req);
    if (handle != nullptr && handle->request != nullptr) {
      caller.request_id = handle->request->request_id;
      caller.user_id = subjectOf(*handle->request);
    }
    auto res = std::make_unique<AiResultHandle>();
    res->json = ai::toJson(plugin->ai->generate(request, caller))
                    .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return toAbi(res.release());
  } catch (const ai::AiError& e) {
    return failed(kindOf(e.kind()), ai::aiErrorKindName(e.kind()), e.what(), e.fallback());
  } catch (const std::bad_alloc&) {
    return nullptr;
  } catch (const std::exception& e) {
    return failed(ATRIUM_AI_UNAVAILABLE, "unavailable", e.what());
  }
}

atrium_ai_error_kind aiResultError(const atrium_ai_result* res, atrium_str* message) noexcept {
  const AiResultHandle* handle = resultOf(res);
  if (handle == nullptr) {
    if (message != nullptr) *message = atrium_str{"out of memory", 13};
    return ATRIUM_AI_UNAVAILABLE;
  }
  if (message != nullptr) *message = atrium_str{handle->message.data(), handle->message.size()};
  return handle->error;
}

atrium_str aiResultJson(const atrium_ai_result* res) noexcept {
  const AiResultHandle* handle = resultOf(res);
  if (handle == nullptr) return atrium_str{"null", 4};
  return atrium_str{handle->json.data(), handle->json.size()};
}

void aiResultFree(atrium_ai_result* res) noexcept { delete reinterpret_cast<AiResultHandle*>(res); }

}  // namespace

void addAiApi(atrium_host_api& api) noexcept {
  api.ai_generate = &aiGenerate;
  api.ai_result_error = &aiResultError;
  api.ai_result_json = &aiResultJson;
  api.ai_result_free = &aiResultFree;
}

}  // namespace atrium::host::plugin

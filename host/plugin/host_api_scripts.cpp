// The scripts part of the host's function table (ABI 1.1): plugins call Lua functions (rules,
// prompt templates, message texts) through the host's script engine. Every entry is noexcept.
#include <memory>
#include <new>
#include <string>

#include "host/lua/script_engine.hpp"
#include "host/plugin/host_api.hpp"

namespace atrium::host::plugin {
namespace {

// What an atrium_script_result* points to.
struct ScriptResultHandle {
  atrium_script_error_kind error = ATRIUM_SCRIPT_OK;
  std::string message;
  std::string json = "null";
};

atrium_script_error_kind kindOf(lua::ScriptError::Kind kind) noexcept {
  switch (kind) {
    case lua::ScriptError::Kind::kNotFound: return ATRIUM_SCRIPT_NOT_FOUND;
    case lua::ScriptError::Kind::kCompile: return ATRIUM_SCRIPT_COMPILE;
    case lua::ScriptError::Kind::kRuntime: return ATRIUM_SCRIPT_RUNTIME;
    case lua::ScriptError::Kind::kInstructionLimit: return ATRIUM_SCRIPT_INSTRUCTION_LIMIT;
    case lua::ScriptError::Kind::kMemoryLimit: return ATRIUM_SCRIPT_MEMORY_LIMIT;
    case lua::ScriptError::Kind::kBadResult: return ATRIUM_SCRIPT_BAD_RESULT;
    case lua::ScriptError::Kind::kBadArgument: return ATRIUM_SCRIPT_BAD_ARGUMENT;
  }
  return ATRIUM_SCRIPT_RUNTIME;
}

atrium_script_result* toAbi(ScriptResultHandle* res) noexcept {
  return reinterpret_cast<atrium_script_result*>(res);
}
const ScriptResultHandle* resultOf(const atrium_script_result* res) noexcept {
  return reinterpret_cast<const ScriptResultHandle*>(res);
}

atrium_script_result* failed(atrium_script_error_kind kind, std::string message) noexcept {
  auto* res = new (std::nothrow) ScriptResultHandle;
  if (res == nullptr) return nullptr;
  res->error = kind;
  try {
    res->message = std::move(message);
  } catch (...) {}
  return toAbi(res);
}

atrium_script_result* scriptCall(atrium_plugin_ctx* ctx, const atrium_request* req,
                                 atrium_str script_id, atrium_str function,
                                 atrium_str args_json) noexcept {
  try {
    const PluginContext* plugin = contextOf(ctx);
    if (plugin == nullptr) return failed(ATRIUM_SCRIPT_BAD_ARGUMENT, "ctx is NULL");
    if (plugin->scripts == nullptr) {
      return failed(ATRIUM_SCRIPT_UNAVAILABLE, "no script engine in this process");
    }
    lua::CallContext context;
    const RequestHandle* handle = requestHandleOf(req);
    if (handle != nullptr && handle->request != nullptr) {
      context.request_id = handle->request->request_id;
    }
    auto res = std::make_unique<ScriptResultHandle>();
    res->json =
        plugin->scripts->callJson(view(script_id), view(function), view(args_json), context);
    return toAbi(res.release());
  } catch (const lua::ScriptError& e) {
    return failed(kindOf(e.kind()), e.what());
  } catch (const std::bad_alloc&) {
    return nullptr;
  } catch (const std::exception& e) {
    return failed(ATRIUM_SCRIPT_RUNTIME, e.what());
  }
}

atrium_script_error_kind scriptResultError(const atrium_script_result* res,
                                           atrium_str* message) noexcept {
  const ScriptResultHandle* handle = resultOf(res);
  if (handle == nullptr) {
    if (message != nullptr) *message = atrium_str{"out of memory", 13};
    return ATRIUM_SCRIPT_RUNTIME;
  }
  if (message != nullptr) *message = atrium_str{handle->message.data(), handle->message.size()};
  return handle->error;
}

atrium_str scriptResultJson(const atrium_script_result* res) noexcept {
  const ScriptResultHandle* handle = resultOf(res);
  if (handle == nullptr || handle->error != ATRIUM_SCRIPT_OK) return atrium_str{"null", 4};
  return atrium_str{handle->json.data(), handle->json.size()};
}

void scriptResultFree(atrium_script_result* res) noexcept {
  delete reinterpret_cast<ScriptResultHandle*>(res);
}

}  // namespace

void addScriptsApi(atrium_host_api& api) noexcept {
  api.script_call = &scriptCall;
  api.script_result_error = &scriptResultError;
  api.script_result_json = &scriptResultJson;
  api.script_result_free = &scriptResultFree;
}

}  // namespace atrium::host::plugin

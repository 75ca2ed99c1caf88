// Calling Lua scripts (business rules, prompt templates, message texts) from a plugin.
// Compiles as C++17.
//
//   nlohmann::json level = ctx.scripts(request).call("kaya/rules/xp", "level_for",
//                                                    {{"xp", 1234}});
#pragma once

#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "atrium/abi.h"
#include "atrium/detail/str.hpp"
#include "atrium/http_error.hpp"

namespace atrium::sdk {

enum class ScriptErrorKind : int32_t {
  kNotFound = ATRIUM_SCRIPT_NOT_FOUND,
  kCompile = ATRIUM_SCRIPT_COMPILE,
  kRuntime = ATRIUM_SCRIPT_RUNTIME,
  kInstructionLimit = ATRIUM_SCRIPT_INSTRUCTION_LIMIT,
  kMemoryLimit = ATRIUM_SCRIPT_MEMORY_LIMIT,
  kBadResult = ATRIUM_SCRIPT_BAD_RESULT,
  kBadArgument = ATRIUM_SCRIPT_BAD_ARGUMENT,
  kUnavailable = ATRIUM_SCRIPT_UNAVAILABLE,
};

// A script call that failed. It is an HttpError 500 ("internal_error"): a failing rule is a bug
// to fix in the script, not the client's fault; the script's message (with file:line) is logged
// with the request id and never sent. Catch it to fall back to a default.
class ScriptError : public HttpError {
 public:
  ScriptError(ScriptErrorKind kind, std::string detail)
      : HttpError(500, "internal_error", "Internal server error", detail),
        kind_(kind),
        detail_(std::move(detail)) {}
  ScriptErrorKind kind() const noexcept { return kind_; }
  const std::string& detail() const noexcept { return detail_; }

 private:
  ScriptErrorKind kind_;
  std::string detail_;
};

// The host's script engine, seen by one plugin. Cheap to copy; thread-safe.
class Scripts {
 public:
  Scripts(const atrium_host_api* host, atrium_plugin_ctx* ctx, const atrium_request* req = nullptr)
      : host_(host), ctx_(ctx), req_(req) {
    if (!ATRIUM_ABI_HAS_FIELD(host_, atrium_host_api, script_result_free)) {
      throw std::runtime_error(
          "this host does not provide scripts (it needs ABI 1.1, the host "
          "speaks " +
          std::to_string(host_->header.abi_major) + "." + std::to_string(host_->header.abi_minor) +
          ")");
    }
  }

  // Calls `function` of script `script_id` with `args` (one Lua value) and returns what it
  // returned. Throws ScriptError.
  nlohmann::json call(std::string_view script_id, std::string_view function,
                      const nlohmann::json& args = nullptr) const {
    const std::string args_text = args.dump();
    std::unique_ptr<atrium_script_result, Free> res(
        host_->script_call(ctx_, req_, detail::str(script_id), detail::str(function),
                           detail::str(args_text)),
        Free{host_});
    if (!res) throw std::bad_alloc();
    atrium_str message{};
    const atrium_script_error_kind kind = host_->script_result_error(res.get(), &message);
    if (kind != ATRIUM_SCRIPT_OK) {
      throw ScriptError(static_cast<ScriptErrorKind>(kind), std::string(script_id) + "." +
                                                                std::string(function) + ": " +
                                                                std::string(detail::view(message)));
    }
    const std::string_view json = detail::view(host_->script_result_json(res.get()));
    return json.empty() ? nlohmann::json() : nlohmann::json::parse(json.begin(), json.end());
  }

 private:
  struct Free {
    const atrium_host_api* host;
    void operator()(atrium_script_result* r) const { host->script_result_free(r); }
  };
  const atrium_host_api* host_;
  atrium_plugin_ctx* ctx_;
  const atrium_request* req_;
};

}  // namespace atrium::sdk

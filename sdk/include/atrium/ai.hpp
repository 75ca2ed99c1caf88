// Text generation through the host's AI service (docs/ai.md, ABI 1.4). Compiles as C++17.
//
//   // A prompt template: scripts/taklifnoma/prompts/invitation.lua, function prompt(vars).
//   try {
//     sdk::AiResult r = ctx.ai(req).generate(sdk::AiRequest::fromTemplate(
//         "taklifnoma/prompts/invitation", {{"groom", groom}, {"bride", bride}}));
//     save(r.text);
//   } catch (const sdk::AiError& e) {
//     save(e.fallback());  // the template's text without AI, when it returns one
//   }
//
//   // Explicit text, or a chat history (KAYA's chat):
//   nlohmann::json request = {{"system", "You are a calm guide."},
//                             {"messages", history}, {"temperature", 0.4}};
//   sdk::AiResult r = ctx.ai(req).generate(request);
#pragma once

#include <cstdint>
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

enum class AiErrorKind : int32_t {
  kInvalidRequest = ATRIUM_AI_INVALID_REQUEST,
  kUnavailable = ATRIUM_AI_UNAVAILABLE,
  kRateLimited = ATRIUM_AI_RATE_LIMITED,
  kBadResponse = ATRIUM_AI_BAD_RESPONSE,
  kRefused = ATRIUM_AI_REFUSED,
  kTimeout = ATRIUM_AI_TIMEOUT,
  kTemplate = ATRIUM_AI_TEMPLATE,
};

// What generate() sends: build it as JSON directly, or with these helpers.
struct AiRequest {
  // {"prompt": prompt}
  static nlohmann::json fromPrompt(std::string_view prompt) {
    return {{"prompt", std::string(prompt)}};
  }
  // {"script": script_id, "function": function, "vars": vars}: the template returns the prompt
  // and the settings.
  static nlohmann::json fromTemplate(std::string_view script_id, nlohmann::json vars,
                                     std::string_view function = "prompt") {
    return {{"script", std::string(script_id)},
            {"function", std::string(function)},
            {"vars", std::move(vars)}};
  }
};

// A successful generation.
struct AiResult {
  std::string text;
  std::string provider;  // "gemini", "openai", "offline"
  std::string model;
  std::string finish_reason;
  bool usage_in_tokens = false;  // else characters
  int64_t prompt_units = 0;
  int64_t completion_units = 0;
  int attempts = 0;
  int64_t latency_ms = 0;
};

// A failed generation. It is an HttpError whose status suits a handler that lets it through:
// 400 invalid_request, 503 ai_unavailable, 429 ai_rate_limited, 502 ai_bad_response, 422
// ai_refused, 504 ai_timeout, 500 internal_error (template); the provider's detail is logged,
// never sent. fallback() is the template's text without AI (empty when it gave none).
class AiError : public HttpError {
 public:
  AiError(AiErrorKind kind, const std::string& detail, std::string fallback)
      : HttpError(statusOf(kind), codeOf(kind), messageOf(kind), detail),
        kind_(kind),
        detail_(detail),
        fallback_(std::move(fallback)) {}
  AiErrorKind kind() const noexcept { return kind_; }
  const std::string& detail() const noexcept { return detail_; }
  const std::string& fallback() const noexcept { return fallback_; }

 private:
  static int statusOf(AiErrorKind k) {
    switch (k) {
      case AiErrorKind::kInvalidRequest: return 400;
      case AiErrorKind::kUnavailable: return 503;
      case AiErrorKind::kRateLimited: return 429;
      case AiErrorKind::kBadResponse: return 502;
      case AiErrorKind::kRefused: return 422;
      case AiErrorKind::kTimeout: return 504;
      case AiErrorKind::kTemplate: return 500;
    }
    return 500;
  }
  static std::string codeOf(AiErrorKind k) {
    switch (k) {
      case AiErrorKind::kInvalidRequest: return "invalid_request";
      case AiErrorKind::kUnavailable: return "ai_unavailable";
      case AiErrorKind::kRateLimited: return "ai_rate_limited";
      case AiErrorKind::kBadResponse: return "ai_bad_response";
      case AiErrorKind::kRefused: return "ai_refused";
      case AiErrorKind::kTimeout: return "ai_timeout";
      case AiErrorKind::kTemplate: return "internal_error";
    }
    return "internal_error";
  }
  static std::string messageOf(AiErrorKind k) {
    switch (k) {
      case AiErrorKind::kInvalidRequest: return "Invalid AI request";
      case AiErrorKind::kRefused: return "The AI provider refused this request";
      case AiErrorKind::kRateLimited: return "The AI service is busy, please try again later";
      case AiErrorKind::kTemplate: return "Internal server error";
      default: return "The AI service is temporarily unavailable";
    }
  }
  AiErrorKind kind_;
  std::string detail_;
  std::string fallback_;
};

// The host's AI service, seen by one plugin. Cheap to copy; thread-safe. generate() blocks for
// at most the host's ai.deadline: never call it from a NONBLOCKING handler.
class Ai {
 public:
  Ai(const atrium_host_api* host, atrium_plugin_ctx* ctx, const atrium_request* req = nullptr)
      : host_(host), ctx_(ctx), req_(req) {
    if (!ATRIUM_ABI_HAS_FIELD(host_, atrium_host_api, ai_result_free)) {
      throw std::runtime_error("this host does not provide AI (it needs ABI 1.4, the host speaks " +
                               std::to_string(host_->header.abi_major) + "." +
                               std::to_string(host_->header.abi_minor) + ")");
    }
  }

  // Throws AiError.
  AiResult generate(const nlohmann::json& request) const {
    const std::string text = request.dump();
    std::unique_ptr<atrium_ai_result, Free> res(host_->ai_generate(ctx_, req_, detail::str(text)),
                                                Free{host_});
    if (!res) throw std::bad_alloc();
    atrium_str message{};
    const atrium_ai_error_kind kind = host_->ai_result_error(res.get(), &message);
    const std::string_view json_text = detail::view(host_->ai_result_json(res.get()));
    const nlohmann::json json =
        nlohmann::json::parse(json_text.begin(), json_text.end(), nullptr, false);
    if (kind != ATRIUM_AI_OK) {
      std::string fallback;
      if (json.is_object() && json.contains("fallback") && json["fallback"].is_string()) {
        fallback = json["fallback"].get<std::string>();
      }
      throw AiError(static_cast<AiErrorKind>(kind), std::string(detail::view(message)),
                    std::move(fallback));
    }
    if (!json.is_object()) throw std::runtime_error("ai_generate returned no JSON object");
    AiResult r;
    r.text = json.value("text", "");
    r.provider = json.value("provider", "");
    r.model = json.value("model", "");
    r.finish_reason = json.value("finish_reason", "");
    const nlohmann::json usage = json.value("usage", nlohmann::json::object());
    r.usage_in_tokens = usage.value("unit", "") == "tokens";
    r.prompt_units = usage.value("prompt", int64_t{0});
    r.completion_units = usage.value("completion", int64_t{0});
    r.attempts = json.value("attempts", 0);
    r.latency_ms = json.value("latency_ms", int64_t{0});
    return r;
  }

 private:
  struct Free {
    const atrium_host_api* host;
    void operator()(atrium_ai_result* r) const { host->ai_result_free(r); }
  };
  const atrium_host_api* host_;
  atrium_plugin_ctx* ctx_;
  const atrium_request* req_;
};

}  // namespace atrium::sdk

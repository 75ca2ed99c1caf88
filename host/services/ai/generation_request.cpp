#include "host/services/ai/generation_request.hpp"

#include <array>
#include <string_view>

#include "host/services/ai/ai_error.hpp"

namespace atrium::host::ai {
namespace {

constexpr size_t kMaxMessages = 200;
constexpr size_t kMaxStops = 4;
constexpr size_t kMaxStopBytes = 120;
constexpr size_t kMaxFallbackBytes = 64 * 1024;
constexpr std::array<std::string_view, 15> kKnownKeys = {
    "prompt",   "system", "messages", "temperature", "top_p",    "max_tokens", "stop",   "json",
    "provider", "model",  "fallback", "script",      "function", "vars",       "user_id"};

[[noreturn]] void invalid(const std::string& message) {
  throw AiError(AiErrorKind::kInvalidRequest, message);
}

std::string text(const nlohmann::json& spec, const char* key) {
  const auto it = spec.find(key);
  if (it == spec.end() || it->is_null()) return {};
  if (!it->is_string()) invalid(std::string(key) + " must be a string");
  return it->get<std::string>();
}

std::string numberText(double value) {
  if (value == static_cast<double>(static_cast<int64_t>(value))) {
    return std::to_string(static_cast<int64_t>(value));
  }
  return nlohmann::json(value).dump();
}

std::optional<double> number(const nlohmann::json& spec, const char* key, double low, double high) {
  const auto it = spec.find(key);
  if (it == spec.end() || it->is_null()) return std::nullopt;
  if (!it->is_number()) invalid(std::string(key) + " must be a number");
  const double value = it->get<double>();
  if (!(value >= low && value <= high)) {
    invalid(std::string(key) + " must be between " + numberText(low) + " and " + numberText(high));
  }
  return value;
}

std::vector<ChatMessage> messages(const nlohmann::json& spec) {
  std::vector<ChatMessage> out;
  const auto it = spec.find("messages");
  if (it == spec.end() || it->is_null()) return out;
  if (!it->is_array()) invalid("messages must be an array of {role, content}");
  if (it->size() > kMaxMessages) invalid("messages: at most 200 entries");
  for (size_t i = 0; i < it->size(); ++i) {
    const nlohmann::json& m = (*it)[i];
    const std::string at = "messages[" + std::to_string(i) + "]";
    if (!m.is_object() || !m.contains("role") || !m.contains("content") || !m["role"].is_string() ||
        !m["content"].is_string() || m.size() != 2) {
      invalid(at + " must be {role, content} with string values");
    }
    ChatMessage message{m["role"].get<std::string>(), m["content"].get<std::string>()};
    if (message.role != "user" && message.role != "assistant") {
      invalid(at + ".role must be \"user\" or \"assistant\" (the system text goes in system)");
    }
    out.push_back(std::move(message));
  }
  return out;
}

std::vector<std::string> stops(const nlohmann::json& spec) {
  std::vector<std::string> out;
  const auto it = spec.find("stop");
  if (it == spec.end() || it->is_null()) return out;
  if (it->is_string()) {
    out.push_back(it->get<std::string>());
  } else if (it->is_array()) {
    for (const nlohmann::json& s : *it) {
      if (!s.is_string()) invalid("stop must be a string or an array of strings");
      out.push_back(s.get<std::string>());
    }
  } else {
    invalid("stop must be a string or an array of strings");
  }
  if (out.size() > kMaxStops) invalid("stop: at most 4 sequences");
  for (const std::string& s : out) {
    if (s.empty() || s.size() > kMaxStopBytes) invalid("stop: each sequence 1..120 bytes");
  }
  return out;
}

std::optional<config::AiProviderKind> provider(const nlohmann::json& spec) {
  const std::string name = text(spec, "provider");
  if (name.empty()) return std::nullopt;
  if (name == "offline") return config::AiProviderKind::kOffline;
  if (name == "gemini") return config::AiProviderKind::kGemini;
  if (name == "openai") return config::AiProviderKind::kOpenAi;
  invalid("provider must be offline, gemini or openai");
}

bool validModelName(std::string_view model) {
  if (model.size() > 128) return false;
  for (char c : model) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-' || c == ':' || c == '/';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string_view providerName(config::AiProviderKind kind) {
  switch (kind) {
    case config::AiProviderKind::kOffline: return "offline";
    case config::AiProviderKind::kGemini: return "gemini";
    case config::AiProviderKind::kOpenAi: return "openai";
  }
  return "offline";
}

size_t GenerationRequest::promptBytes() const {
  size_t n = system.size();
  for (const ChatMessage& m : messages) n += m.content.size();
  return n;
}

GenerationRequest parseGenerationRequest(const nlohmann::json& spec,
                                         const config::AiConfig& limits) {
  if (!spec.is_object()) invalid("the request must be an object");
  for (const auto& [key, value] : spec.items()) {
    bool known = false;
    for (std::string_view k : kKnownKeys) known = known || key == k;
    if (!known) invalid("unknown field '" + key + "'");
  }
  GenerationRequest request;
  request.provider = provider(spec);
  request.model = text(spec, "model");
  if (!validModelName(request.model)) invalid("model: at most 128 of [A-Za-z0-9._:/-]");
  request.system = text(spec, "system");
  request.messages = messages(spec);
  const std::string prompt = text(spec, "prompt");
  if (!prompt.empty()) request.messages.push_back(ChatMessage{"user", prompt});
  if (request.messages.empty()) invalid("prompt (or messages) is required");
  if (request.messages.back().role != "user") invalid("the last message must be the user's");
  request.temperature = number(spec, "temperature", 0, 2);
  request.top_p = number(spec, "top_p", 0, 1);
  if (const auto tokens = number(spec, "max_tokens", 1, limits.max_output_tokens)) {
    if (*tokens != static_cast<double>(static_cast<int>(*tokens))) {
      invalid("max_tokens must be an integer");
    }
    request.max_tokens = static_cast<int>(*tokens);
  }
  request.stop = stops(spec);
  if (const auto it = spec.find("json"); it != spec.end() && !it->is_null()) {
    if (!it->is_boolean()) invalid("json must be a boolean");
    request.json_output = it->get<bool>();
  }
  request.fallback = text(spec, "fallback");
  if (request.fallback.size() > kMaxFallbackBytes) invalid("fallback: at most 64 KiB");
  if (request.promptBytes() > limits.max_prompt_bytes) {
    invalid("the prompt is " + std::to_string(request.promptBytes()) +
            " bytes; ai.max_prompt_size allows " + std::to_string(limits.max_prompt_bytes));
  }
  return request;
}

}  // namespace atrium::host::ai

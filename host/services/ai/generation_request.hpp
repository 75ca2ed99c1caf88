#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/config/host_config.hpp"

namespace atrium::host::ai {

// One turn of a conversation: role "user" or "assistant" (chat products send their history).
struct ChatMessage {
  std::string role;
  std::string content;
};

// What a provider is asked, whatever the provider: the result of a prompt template or of an
// explicit request (docs/ai.md "Requests").
struct GenerationRequest {
  std::optional<config::AiProviderKind> provider;  // unset: ai.provider
  std::string model;                               // empty: the provider's configured model
  std::string system;                              // system instruction; may be empty
  std::vector<ChatMessage> messages;               // at least one; the last is the user's
  std::optional<double> temperature;               // 0..2
  std::optional<double> top_p;                     // 0..1
  std::optional<int> max_tokens;                   // 1..ai.max_output_tokens
  std::vector<std::string> stop;                   // at most 4 stop sequences
  bool json_output = false;                        // ask for a JSON answer (response_format)
  std::string fallback;  // the template's text without AI: the offline provider's answer and
                         // what a caller may show when the provider fails
  // Characters (bytes of UTF-8) of system + messages: the usage fallback and the size check.
  size_t promptBytes() const;
};

// Reads a request or a template's result: {prompt=, system=, messages=[{role, content}],
// temperature=, top_p=, max_tokens=, stop=, json=, provider=, model=, fallback=}. `prompt`
// becomes a last user message after `messages`. Unknown keys are refused (a typo must not pass
// silently), except "script", "function", "vars" and "user_id" which the service reads itself.
// Throws AiError kInvalidRequest naming the field.
GenerationRequest parseGenerationRequest(const nlohmann::json& spec,
                                         const config::AiConfig& limits);

// "offline" | "gemini" | "openai".
std::string_view providerName(config::AiProviderKind kind);

}  // namespace atrium::host::ai

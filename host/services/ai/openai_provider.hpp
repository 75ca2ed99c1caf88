#pragma once

#include <atomic>

#include <nlohmann/json.hpp>

#include "host/config/host_config.hpp"
#include "host/services/ai/provider.hpp"

namespace atrium::host::ai {

// An OpenAI-compatible chat completions API (OpenAI, Azure-style gateways, vLLM, Ollama, ...):
// POST {base_url}/chat/completions with "Authorization: Bearer {api_key}" (no header when the
// key is empty: local servers). system -> a first "system" message.
class OpenAiProvider : public Provider {
 public:
  OpenAiProvider(config::AiProviderConfig config, size_t max_response_bytes, int max_tokens,
                 const std::atomic<bool>& cancel);

  std::string_view name() const override { return "openai"; }
  const std::string& defaultModel() const override { return config_.model; }
  AttemptOutcome attempt(const GenerationRequest& request, const std::string& model,
                         std::chrono::milliseconds timeout) override;

  std::string endpoint() const { return config_.base_url + "/chat/completions"; }

 private:
  config::AiProviderConfig config_;
  size_t max_response_bytes_;
  int max_tokens_;
  const std::atomic<bool>& cancel_;
};

nlohmann::json openAiBody(const GenerationRequest& request, const std::string& model,
                          int max_tokens);

// Reads a 2xx answer: choices[0].message.content, finish_reason, usage.prompt_tokens /
// completion_tokens. finish_reason "content_filter" or a message.refusal is kRefused; anything
// not in that format kBadResponse.
AttemptOutcome parseOpenAiAnswer(const std::string& body, const std::string& model);

}  // namespace atrium::host::ai

#pragma once

#include <atomic>

#include <nlohmann/json.hpp>

#include "host/config/host_config.hpp"
#include "host/services/ai/provider.hpp"

namespace atrium::host::ai {

// Google Gemini through its REST API:
// POST {base_url}/v1beta/models/{model}:generateContent, key in the x-goog-api-key header.
// Roles: user -> "user", assistant -> "model"; system -> systemInstruction; settings ->
// generationConfig (temperature, topP, maxOutputTokens, stopSequences, responseMimeType).
class GeminiProvider : public Provider {
 public:
  GeminiProvider(config::AiProviderConfig config, size_t max_response_bytes, int max_tokens,
                 const std::atomic<bool>& cancel);

  std::string_view name() const override { return "gemini"; }
  const std::string& defaultModel() const override { return config_.model; }
  AttemptOutcome attempt(const GenerationRequest& request, const std::string& model,
                         std::chrono::milliseconds timeout) override;

  std::string endpoint(const std::string& model) const;

 private:
  config::AiProviderConfig config_;
  size_t max_response_bytes_;
  int max_tokens_;
  const std::atomic<bool>& cancel_;
};

// The generateContent body for `request`; `max_tokens` applies when the request sets none.
nlohmann::json geminiBody(const GenerationRequest& request, int max_tokens);

// Reads a 2xx generateContent answer: the first candidate's text parts joined, finishReason,
// usageMetadata (promptTokenCount, candidatesTokenCount). A blocked prompt
// (promptFeedback.blockReason) or a candidate stopped by SAFETY/RECITATION/BLOCKLIST/
// PROHIBITED_CONTENT/SPII without text is kRefused; anything not in that format kBadResponse.
AttemptOutcome parseGeminiAnswer(const std::string& body, const std::string& model);

}  // namespace atrium::host::ai

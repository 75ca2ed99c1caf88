#pragma once

#include "host/services/ai/provider.hpp"

namespace atrium::host::ai {

// The development provider: no network, no key, no randomness. Its answer is deterministic and
// built from the request only: the template's `fallback` text when it has one, otherwise
// "[offline <model>] " followed by the last user message (its first 500 bytes, cut at a
// character boundary). Usage is in characters. It is the default so that `make run` works
// without an API key; production configs choose gemini or openai (docs/ai.md).
class OfflineProvider : public Provider {
 public:
  explicit OfflineProvider(std::string model) : model_(std::move(model)) {}

  std::string_view name() const override { return "offline"; }
  const std::string& defaultModel() const override { return model_; }
  AttemptOutcome attempt(const GenerationRequest& request, const std::string& model,
                         std::chrono::milliseconds timeout) override;

 private:
  std::string model_;
};

}  // namespace atrium::host::ai

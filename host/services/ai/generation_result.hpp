#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace atrium::host::ai {

// A successful generation. Usage is in tokens when the provider reported them, otherwise in
// characters (bytes of UTF-8) of the prompt and of the answer.
struct GenerationResult {
  std::string text;
  std::string provider;       // "gemini", "openai", "offline"
  std::string model;          // as used
  std::string finish_reason;  // the provider's, lower-cased ("stop", "max_tokens", "length")
  bool usage_in_tokens = false;
  int64_t prompt_units = 0;
  int64_t completion_units = 0;
  int attempts = 1;
  int64_t latency_ms = 0;  // the whole call, retries and waits included
};

// {"text", "provider", "model", "finish_reason", "usage": {"unit": "tokens"|"characters",
//  "prompt": n, "completion": n}, "attempts", "latency_ms"}
nlohmann::json toJson(const GenerationResult& result);

}  // namespace atrium::host::ai

#include "host/services/ai/generation_result.hpp"

namespace atrium::host::ai {

nlohmann::json toJson(const GenerationResult& result) {
  return {{"text", result.text},
          {"provider", result.provider},
          {"model", result.model},
          {"finish_reason", result.finish_reason},
          {"usage",
           {{"unit", result.usage_in_tokens ? "tokens" : "characters"},
            {"prompt", result.prompt_units},
            {"completion", result.completion_units}}},
          {"attempts", result.attempts},
          {"latency_ms", result.latency_ms}};
}

}  // namespace atrium::host::ai

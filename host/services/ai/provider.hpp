#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "host/services/ai/ai_error.hpp"
#include "host/services/ai/generation_request.hpp"
#include "host/services/ai/generation_result.hpp"

namespace atrium::host::ai {

// What one attempt produced: a result, or an error and whether another attempt may help.
struct AttemptOutcome {
  std::optional<GenerationResult> result;
  AiErrorKind error = AiErrorKind::kUnavailable;
  std::string message;  // one line, never the prompt or a key
  bool retryable = false;
  std::optional<std::chrono::milliseconds> retry_after;  // the provider's Retry-After

  static AttemptOutcome success(GenerationResult r) {
    AttemptOutcome o;
    o.result = std::move(r);
    return o;
  }
  static AttemptOutcome failure(AiErrorKind kind, std::string message, bool retryable) {
    AttemptOutcome o;
    o.error = kind;
    o.message = std::move(message);
    o.retryable = retryable;
    return o;
  }
};

// One way of generating text. attempt() makes exactly one try within `timeout` and never
// throws for the provider's fault. Implementations are thread-safe.
class Provider {
 public:
  virtual ~Provider() = default;
  virtual std::string_view name() const = 0;
  virtual const std::string& defaultModel() const = 0;
  virtual AttemptOutcome attempt(const GenerationRequest& request, const std::string& model,
                                 std::chrono::milliseconds timeout) = 0;
};

}  // namespace atrium::host::ai

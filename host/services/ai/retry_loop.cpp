#include "host/services/ai/retry_loop.hpp"

#include <algorithm>

#include "host/net/backoff.hpp"

namespace atrium::host::ai {

using std::chrono::milliseconds;

std::optional<milliseconds> nextWait(const config::RetryPolicyConfig& policy, int failed_attempts,
                                     std::optional<milliseconds> retry_after,
                                     milliseconds remaining, double unit_random) {
  if (failed_attempts >= policy.max_attempts) return std::nullopt;
  milliseconds wait = net::backoffDelay(policy, failed_attempts, unit_random);
  if (retry_after && *retry_after > wait) wait = *retry_after;
  if (wait >= remaining) return std::nullopt;
  return wait;
}

GenerationResult runWithRetries(Provider& provider, const GenerationRequest& request,
                                const std::string& model, const RetrySettings& settings,
                                const Sleeper& sleep, const UnitRandom& random) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  const Clock::time_point deadline = start + settings.deadline;
  const auto left = [&] {
    return std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
  };
  int attempts = 0;
  for (;;) {
    const milliseconds remaining = left();
    if (remaining.count() <= 0) {
      throw AiError(AiErrorKind::kTimeout,
                    std::string(provider.name()) + ": the deadline passed before an answer",
                    attempts);
    }
    ++attempts;
    AttemptOutcome outcome = provider.attempt(request, model, remaining);
    if (outcome.result) {
      GenerationResult result = std::move(*outcome.result);
      result.attempts = attempts;
      result.latency_ms = std::chrono::duration_cast<milliseconds>(Clock::now() - start).count();
      return result;
    }
    std::optional<milliseconds> wait;
    if (outcome.retryable) {
      wait = nextWait(settings.policy, attempts, outcome.retry_after, left(), random());
    }
    if (!wait || !sleep(*wait)) {
      std::string message = outcome.message;
      if (outcome.retryable) {
        message += " (gave up after " + std::to_string(attempts) +
                   (attempts == 1 ? " attempt)" : " attempts)");
      }
      throw AiError(outcome.error, message, attempts);
    }
  }
}

}  // namespace atrium::host::ai

#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "host/config/host_config.hpp"
#include "host/services/ai/provider.hpp"

namespace atrium::host::ai {

// Sleeps for the given time; false when interrupted (shutdown): no further attempt is made.
using Sleeper = std::function<bool(std::chrono::milliseconds)>;
// A number in [0, 1) for the jitter.
using UnitRandom = std::function<double()>;

struct RetrySettings {
  config::RetryPolicyConfig policy;
  std::chrono::milliseconds deadline;  // the whole call
};

// The wait before attempt `failed_attempts + 1`, or nullopt when there is none: the attempts
// are used up, or the wait (the backoff, or the provider's Retry-After when longer) would not
// leave time for another attempt before the deadline.
std::optional<std::chrono::milliseconds> nextWait(
    const config::RetryPolicyConfig& policy, int failed_attempts,
    std::optional<std::chrono::milliseconds> retry_after, std::chrono::milliseconds remaining,
    double unit_random);

// Calls provider.attempt until it succeeds, fails in a way another attempt cannot fix (4xx
// other than 429, a refusal, a malformed answer), the attempts run out or the deadline passes.
// Each attempt gets the time left before the deadline (the provider caps it at its own
// timeout). Returns the result with attempts and latency_ms set; throws AiError with the last
// attempt's kind and message (and the number of attempts made).
GenerationResult runWithRetries(Provider& provider, const GenerationRequest& request,
                                const std::string& model, const RetrySettings& settings,
                                const Sleeper& sleep, const UnitRandom& random);

}  // namespace atrium::host::ai

#pragma once

#include <chrono>

#include "host/config/host_config.hpp"

namespace atrium::host::messaging {

// How long to wait after the `failed_attempts`-th failed attempt (1 for the first failure):
// initial_delay * 2^(failed_attempts - 1), capped at max_delay, then scaled by a jitter factor
// 0.5 + unit_random / 2 (unit_random in [0, 1)), so that messages that failed together (a
// provider outage) do not all come back at the same moment. Never less than 1 ms.
std::chrono::milliseconds backoffDelay(const config::RetryPolicyConfig& policy, int failed_attempts,
                                       double unit_random);

// Whether a message that has been attempted `attempts` times may be tried again.
inline bool mayRetry(const config::RetryPolicyConfig& policy, int attempts) {
  return attempts < policy.max_attempts;
}

}  // namespace atrium::host::messaging

#pragma once

#include <chrono>

#include "host/config/host_config.hpp"

namespace atrium::host::net {

// How long to wait after the `failed_attempts`-th failed attempt (1 for the first failure):
// initial_delay * 2^(failed_attempts - 1), capped at max_delay, then scaled by a jitter factor
// 0.5 + unit_random / 2 (unit_random in [0, 1)), so that callers that failed together (a
// provider outage) do not all come back at the same moment. Never less than 1 ms. Shared by the
// outbox sender (host/services/messaging) and the AI service (host/services/ai).
std::chrono::milliseconds backoffDelay(const config::RetryPolicyConfig& policy, int failed_attempts,
                                       double unit_random);

}  // namespace atrium::host::net

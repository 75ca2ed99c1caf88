#include "host/net/backoff.hpp"

#include <algorithm>
#include <cmath>

namespace atrium::host::net {

std::chrono::milliseconds backoffDelay(const config::RetryPolicyConfig& policy, int failed_attempts,
                                       double unit_random) {
  const double initial = static_cast<double>(policy.initial_delay.count());
  const double ceiling = static_cast<double>(policy.max_delay.count());
  const int exponent = std::clamp(failed_attempts - 1, 0, 62);
  const double raw = std::min(ceiling, initial * std::ldexp(1.0, exponent));
  const double jitter = 0.5 + std::clamp(unit_random, 0.0, 1.0) / 2.0;
  const auto delay = static_cast<int64_t>(raw * jitter);
  return std::chrono::milliseconds(std::max<int64_t>(delay, 1));
}

}  // namespace atrium::host::net

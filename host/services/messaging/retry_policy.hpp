#pragma once

#include "host/config/host_config.hpp"
#include "host/net/backoff.hpp"

namespace atrium::host::messaging {

// The wait between delivery attempts: exponential backoff with jitter (host/net/backoff.hpp).
using net::backoffDelay;

// Whether a message that has been attempted `attempts` times may be tried again.
inline bool mayRetry(const config::RetryPolicyConfig& policy, int attempts) {
  return attempts < policy.max_attempts;
}

}  // namespace atrium::host::messaging

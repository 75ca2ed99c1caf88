#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "host/middleware/rate_limit_algorithm.hpp"

namespace atrium::host::middleware {

// Where rate-limit counters live. One call = one atomic read-decide-update of one key's state;
// implementations are thread-safe. Throws RateLimitStoreError when the counters cannot be
// reached (the caller applies the limiter's failure mode).
class RateLimitStore {
 public:
  virtual ~RateLimitStore() = default;
  virtual RateLimitDecision apply(std::string_view limiter, const RateLimitPolicy& policy,
                                  const std::string& key, int64_t now_ms, RateLimitMode mode) = 0;
  // Keys currently held (a gauge; -1 when the store cannot tell cheaply).
  virtual int64_t size() const { return -1; }
};

class RateLimitStoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace atrium::host::middleware

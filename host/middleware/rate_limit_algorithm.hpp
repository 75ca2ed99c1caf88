#pragma once

// The two rate-limit algorithms as pure functions over a small state, so that the in-memory
// store and the database store decide identically and the arithmetic is unit-tested without
// clocks, threads or HTTP. Times are milliseconds on one clock (the store's).

#include <cstdint>

namespace atrium::host::middleware {

enum class RateLimitAlgorithm { kSlidingWindow, kTokenBucket };

// What one request does to a key's state.
enum class RateLimitMode {
  kCheckAndCount,  // allowed requests count; refused ones do not
  kPeek,           // decide only (count-failed-only limiters, at request time)
  kCount,          // count unconditionally (a failed response, at response time)
};

struct RateLimitPolicy {
  RateLimitAlgorithm algorithm = RateLimitAlgorithm::kSlidingWindow;
  int64_t window_ms = 60000;  // sliding window: window length
  int64_t max = 60;           // sliding window: requests per window; token bucket: burst
  double refill_per_ms = 0;   // token bucket: tokens added per millisecond
};

// Sliding-window counter (the estimate Cloudflare and NGINX use): windows are aligned to
// multiples of window_ms; `previous` and `current` count requests in the previous and current
// window, and a request is allowed while previous * (1 - elapsed/window) + current + 1 <= max.
// Token bucket: `current` holds the tokens, `start_ms` the time they were last refilled.
struct RateLimitState {
  int64_t start_ms = 0;
  double previous = 0;
  double current = 0;
  bool fresh = true;  // no state stored yet
};

struct RateLimitDecision {
  bool allowed = true;
  int64_t limit = 0;           // max (window) or burst (bucket)
  int64_t remaining = 0;       // requests still allowed now (after this one when counted)
  int64_t retry_after_ms = 0;  // when refused: until one request is allowed again
  int64_t reset_ms = 0;        // until the state is back to "nothing used"
};

// The state at `now_ms` before this request: windows rolled over, tokens refilled.
RateLimitState rollRateLimitState(const RateLimitPolicy& policy, RateLimitState state,
                                  int64_t now_ms);

// Decides one request and updates `state` (already rolled to `now_ms`) according to `mode`.
RateLimitDecision applyRateLimit(const RateLimitPolicy& policy, RateLimitState& state,
                                 int64_t now_ms, RateLimitMode mode);

// True when one more request fits (state already rolled to `now_ms`).
bool rateLimitAllows(const RateLimitPolicy& policy, const RateLimitState& state, int64_t now_ms);

// The decision reported for a state that has already been updated (the database store computes
// the update in SQL and describes the result here).
RateLimitDecision describeRateLimit(const RateLimitPolicy& policy, const RateLimitState& state,
                                    int64_t now_ms, bool allowed);

// How long a key's state matters after `now_ms` (a store may drop it afterwards).
int64_t rateLimitStateTtlMs(const RateLimitPolicy& policy);

}  // namespace atrium::host::middleware

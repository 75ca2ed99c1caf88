#include "host/middleware/rate_limit_algorithm.hpp"

#include <algorithm>
#include <cmath>

namespace atrium::host::middleware {
namespace {

int64_t alignedStart(int64_t now_ms, int64_t window_ms) {
  return now_ms - ((now_ms % window_ms) + window_ms) % window_ms;
}

int64_t ceilMs(double ms) { return static_cast<int64_t>(std::ceil(ms - 1e-9)); }

// Weighted count of the sliding window at `now_ms`.
double slidingEstimate(const RateLimitPolicy& policy, const RateLimitState& state, int64_t now_ms) {
  const double elapsed = static_cast<double>(now_ms - state.start_ms);
  const double weight = 1.0 - elapsed / static_cast<double>(policy.window_ms);
  return state.previous * std::max(0.0, weight) + state.current;
}

// Milliseconds from now until one more request fits under the limit.
int64_t slidingRetryAfter(const RateLimitPolicy& policy, const RateLimitState& state,
                          int64_t now_ms) {
  const double window = static_cast<double>(policy.window_ms);
  const double budget = static_cast<double>(policy.max) - 1.0;  // estimate must drop to this
  const double elapsed = static_cast<double>(now_ms - state.start_ms);
  if (state.current <= budget && state.previous > 0) {
    // Within this window, as the previous window's weight decays.
    const double at = window * (1.0 - (budget - state.current) / state.previous);
    if (at < window) return std::max<int64_t>(1, ceilMs(at - elapsed));
  }
  // In the next window, where this window's count becomes the decaying one.
  const double into_next =
      state.current > 0 ? window * std::max(0.0, 1.0 - budget / state.current) : 0.0;
  return std::max<int64_t>(1, ceilMs(window - elapsed + into_next));
}

RateLimitDecision describeSliding(const RateLimitPolicy& policy, const RateLimitState& state,
                                  int64_t now_ms, bool allowed) {
  RateLimitDecision d;
  d.limit = policy.max;
  d.allowed = allowed;
  const double used = slidingEstimate(policy, state, now_ms);
  d.remaining = std::max<int64_t>(0, static_cast<int64_t>(std::floor(policy.max - used + 1e-9)));
  if (!allowed) d.retry_after_ms = slidingRetryAfter(policy, state, now_ms);
  // Everything counted so far has aged out by the end of the next window.
  const int64_t end_of_window = state.start_ms + policy.window_ms - now_ms;
  d.reset_ms = state.current > 0    ? end_of_window + policy.window_ms
               : state.previous > 0 ? end_of_window
                                    : 0;
  return d;
}

RateLimitDecision describeBucket(const RateLimitPolicy& policy, const RateLimitState& state,
                                 bool allowed) {
  RateLimitDecision d;
  d.limit = policy.max;
  d.allowed = allowed;
  d.remaining = static_cast<int64_t>(std::floor(state.current + 1e-9));
  if (!allowed) {
    d.retry_after_ms = std::max<int64_t>(1, ceilMs((1.0 - state.current) / policy.refill_per_ms));
  }
  d.reset_ms = ceilMs((static_cast<double>(policy.max) - state.current) / policy.refill_per_ms);
  return d;
}

}  // namespace

RateLimitState rollRateLimitState(const RateLimitPolicy& policy, RateLimitState state,
                                  int64_t now_ms) {
  if (policy.algorithm == RateLimitAlgorithm::kTokenBucket) {
    if (state.fresh) {
      state = RateLimitState{now_ms, 0, static_cast<double>(policy.max), false};
      return state;
    }
    const double elapsed = static_cast<double>(std::max<int64_t>(0, now_ms - state.start_ms));
    state.current =
        std::min(static_cast<double>(policy.max), state.current + elapsed * policy.refill_per_ms);
    state.start_ms = std::max(state.start_ms, now_ms);
    return state;
  }
  const int64_t start = alignedStart(now_ms, policy.window_ms);
  if (state.fresh || state.start_ms <= start - 2 * policy.window_ms || state.start_ms > start) {
    return RateLimitState{start, 0, 0, false};
  }
  if (state.start_ms == start - policy.window_ms) {
    return RateLimitState{start, state.current, 0, false};
  }
  if (state.start_ms != start) return RateLimitState{start, 0, 0, false};
  return state;
}

bool rateLimitAllows(const RateLimitPolicy& policy, const RateLimitState& state, int64_t now_ms) {
  if (policy.algorithm == RateLimitAlgorithm::kTokenBucket) return state.current >= 1.0 - 1e-9;
  return slidingEstimate(policy, state, now_ms) + 1.0 <= static_cast<double>(policy.max) + 1e-9;
}

RateLimitDecision applyRateLimit(const RateLimitPolicy& policy, RateLimitState& state,
                                 int64_t now_ms, RateLimitMode mode) {
  state.fresh = false;
  const bool allowed = rateLimitAllows(policy, state, now_ms);
  if (mode == RateLimitMode::kCount || (mode == RateLimitMode::kCheckAndCount && allowed)) {
    if (policy.algorithm == RateLimitAlgorithm::kTokenBucket) {
      state.current = std::max(0.0, state.current - 1.0);
    } else {
      state.current += 1;
    }
  }
  return describeRateLimit(policy, state, now_ms, allowed);
}

RateLimitDecision describeRateLimit(const RateLimitPolicy& policy, const RateLimitState& state,
                                    int64_t now_ms, bool allowed) {
  if (policy.algorithm == RateLimitAlgorithm::kTokenBucket) {
    return describeBucket(policy, state, allowed);
  }
  return describeSliding(policy, state, now_ms, allowed);
}

int64_t rateLimitStateTtlMs(const RateLimitPolicy& policy) {
  if (policy.algorithm == RateLimitAlgorithm::kTokenBucket) {
    return static_cast<int64_t>(std::ceil(static_cast<double>(policy.max) / policy.refill_per_ms));
  }
  return 2 * policy.window_ms;
}

}  // namespace atrium::host::middleware

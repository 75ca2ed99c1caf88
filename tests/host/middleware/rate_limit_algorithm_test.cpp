#include "host/middleware/rate_limit_algorithm.hpp"

#include <gtest/gtest.h>

namespace atrium::host::middleware {
namespace {

RateLimitPolicy window(int64_t window_ms, int64_t max) {
  RateLimitPolicy p;
  p.algorithm = RateLimitAlgorithm::kSlidingWindow;
  p.window_ms = window_ms;
  p.max = max;
  return p;
}

RateLimitPolicy bucket(int64_t burst, double per_second) {
  RateLimitPolicy p;
  p.algorithm = RateLimitAlgorithm::kTokenBucket;
  p.max = burst;
  p.refill_per_ms = per_second / 1000.0;
  return p;
}

// One request at `now` against `state`, as a store does it.
RateLimitDecision hit(const RateLimitPolicy& policy, RateLimitState& state, int64_t now,
                      RateLimitMode mode = RateLimitMode::kCheckAndCount) {
  state = rollRateLimitState(policy, state, now);
  return applyRateLimit(policy, state, now, mode);
}

TEST(SlidingWindowTest, AllowsMaxThenRefusesWithinOneWindow) {
  const auto policy = window(60000, 3);
  RateLimitState state;
  for (int i = 0; i < 3; ++i) {
    const auto d = hit(policy, state, 1000 + i);
    EXPECT_TRUE(d.allowed) << i;
    EXPECT_EQ(d.remaining, 2 - i);
    EXPECT_EQ(d.limit, 3);
  }
  const auto refused = hit(policy, state, 2000);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.remaining, 0);
  // Window [0, 60000) holds 3; in the next window they weigh 3*(1-t/60000), which drops to 2
  // at t = 20000: 58000 ms until the window ends plus 20000.
  EXPECT_EQ(refused.retry_after_ms, 78000);
  EXPECT_EQ(state.current, 3) << "a refused request is not counted";
}

TEST(SlidingWindowTest, PreviousWindowDecaysLinearly) {
  const auto policy = window(1000, 10);
  RateLimitState state;
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(hit(policy, state, 100).allowed);
  EXPECT_FALSE(hit(policy, state, 999).allowed);
  // At 1500 the previous window weighs 10 * 0.5 = 5: five more fit, the sixth does not.
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(hit(policy, state, 1500).allowed) << i;
  const auto refused = hit(policy, state, 1500);
  EXPECT_FALSE(refused.allowed);
  // 10*(1-t/1000) + 5 <= 9 from t = 600: 100 ms later.
  EXPECT_EQ(refused.retry_after_ms, 100);
  EXPECT_TRUE(hit(policy, state, 1600).allowed);
}

TEST(SlidingWindowTest, RetryAfterIsExactlyWhenTheNextRequestFits) {
  const auto policy = window(1000, 4);
  RateLimitState state;
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(hit(policy, state, 500).allowed);
  const auto refused = hit(policy, state, 500);
  ASSERT_FALSE(refused.allowed);
  const int64_t at = 500 + refused.retry_after_ms;
  RateLimitState before = state;
  EXPECT_FALSE(hit(policy, before, at - 1).allowed);
  EXPECT_TRUE(hit(policy, state, at).allowed);
}

TEST(SlidingWindowTest, StateOlderThanTwoWindowsIsForgotten) {
  const auto policy = window(1000, 2);
  RateLimitState state;
  ASSERT_TRUE(hit(policy, state, 0).allowed);
  ASSERT_TRUE(hit(policy, state, 1).allowed);
  ASSERT_FALSE(hit(policy, state, 2).allowed);
  const auto later = hit(policy, state, 2000);
  EXPECT_TRUE(later.allowed);
  EXPECT_EQ(state.previous, 0);
  EXPECT_EQ(state.current, 1);
  EXPECT_EQ(rateLimitStateTtlMs(policy), 2000);
}

TEST(SlidingWindowTest, PeekNeverCountsAndCountAlwaysDoes) {
  const auto policy = window(60000, 2);
  RateLimitState state;
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(hit(policy, state, 10, RateLimitMode::kPeek).allowed);
  EXPECT_EQ(state.current, 0);
  hit(policy, state, 10, RateLimitMode::kCount);
  hit(policy, state, 10, RateLimitMode::kCount);
  EXPECT_FALSE(hit(policy, state, 10, RateLimitMode::kPeek).allowed);
  hit(policy, state, 10, RateLimitMode::kCount);
  EXPECT_EQ(state.current, 3) << "kCount counts even past the limit";
}

TEST(SlidingWindowTest, ResetCoversTheDecayOfEverythingCounted) {
  const auto policy = window(1000, 5);
  RateLimitState state;
  const auto d = hit(policy, state, 250);
  EXPECT_EQ(d.reset_ms, 750 + 1000);
  RateLimitState empty;
  EXPECT_EQ(hit(policy, empty, 250, RateLimitMode::kPeek).reset_ms, 0);
}

TEST(SlidingWindowTest, ClockGoingBackwardsStartsOver) {
  const auto policy = window(1000, 1);
  RateLimitState state;
  ASSERT_TRUE(hit(policy, state, 5000).allowed);
  EXPECT_TRUE(hit(policy, state, 3000).allowed);
}

TEST(TokenBucketTest, BurstThenRefillAtRate) {
  const auto policy = bucket(3, 2.0);  // 2 tokens per second
  RateLimitState state;
  for (int i = 0; i < 3; ++i) {
    const auto d = hit(policy, state, 0);
    EXPECT_TRUE(d.allowed) << i;
    EXPECT_EQ(d.remaining, 2 - i);
  }
  const auto refused = hit(policy, state, 0);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after_ms, 500);
  EXPECT_FALSE(hit(policy, state, 499).allowed);
  EXPECT_TRUE(hit(policy, state, 500).allowed);
  // Never more than the burst, however long it waited.
  const auto later = hit(policy, state, 1'000'000);
  EXPECT_TRUE(later.allowed);
  EXPECT_EQ(later.remaining, 2);
  EXPECT_EQ(rateLimitStateTtlMs(policy), 1500);
}

TEST(TokenBucketTest, FailedOnlyModes) {
  const auto policy = bucket(2, 1.0);
  RateLimitState state;
  EXPECT_TRUE(hit(policy, state, 0, RateLimitMode::kPeek).allowed);
  hit(policy, state, 0, RateLimitMode::kCount);
  hit(policy, state, 0, RateLimitMode::kCount);
  hit(policy, state, 0, RateLimitMode::kCount);
  EXPECT_EQ(state.current, 0) << "tokens never go negative";
  const auto refused = hit(policy, state, 0, RateLimitMode::kPeek);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after_ms, 1000);
  EXPECT_EQ(refused.reset_ms, 2000);
}

TEST(RateLimitDescribeTest, MatchesApplyForTheSameState) {
  const auto policy = window(1000, 3);
  RateLimitState state;
  hit(policy, state, 10);
  hit(policy, state, 10);
  const auto applied = hit(policy, state, 10);
  const auto described = describeRateLimit(policy, state, 10, true);
  EXPECT_EQ(applied.remaining, described.remaining);
  EXPECT_EQ(applied.reset_ms, described.reset_ms);
  EXPECT_FALSE(rateLimitAllows(policy, state, 10));
}

}  // namespace
}  // namespace atrium::host::middleware

#include "host/services/messaging/retry_policy.hpp"

#include <gtest/gtest.h>

namespace atrium::host::messaging {
namespace {

using std::chrono::milliseconds;

config::RetryPolicyConfig policy() {
  config::RetryPolicyConfig p;
  p.max_attempts = 5;
  p.initial_delay = milliseconds(1000);
  p.max_delay = milliseconds(10000);
  return p;
}

TEST(RetryPolicyTest, DoublesFromTheInitialDelayUpToTheCeiling) {
  // unit_random close to 1: the full delay.
  EXPECT_EQ(backoffDelay(policy(), 1, 0.999999).count(), 999);
  EXPECT_EQ(backoffDelay(policy(), 2, 0.999999).count(), 1999);
  EXPECT_EQ(backoffDelay(policy(), 3, 0.999999).count(), 3999);
  EXPECT_EQ(backoffDelay(policy(), 4, 0.999999).count(), 7999);
  EXPECT_EQ(backoffDelay(policy(), 5, 0.999999).count(), 9999);
  EXPECT_EQ(backoffDelay(policy(), 60, 0.999999).count(), 9999);
  EXPECT_EQ(backoffDelay(policy(), 1000, 0.999999).count(), 9999);  // no overflow
}

TEST(RetryPolicyTest, JitterKeepsEachDelayBetweenHalfAndAllOfIt) {
  EXPECT_EQ(backoffDelay(policy(), 1, 0.0), milliseconds(500));
  EXPECT_EQ(backoffDelay(policy(), 3, 0.0), milliseconds(2000));
  EXPECT_EQ(backoffDelay(policy(), 3, 0.5), milliseconds(3000));
  for (double r : {0.0, 0.1, 0.37, 0.5, 0.93}) {
    const auto d = backoffDelay(policy(), 2, r);
    EXPECT_GE(d, milliseconds(1000));
    EXPECT_LE(d, milliseconds(2000));
  }
  EXPECT_EQ(backoffDelay(policy(), 1, -3.0), milliseconds(500));  // clamped
  EXPECT_EQ(backoffDelay(policy(), 1, 7.0), milliseconds(1000));
}

TEST(RetryPolicyTest, NeverZero) {
  config::RetryPolicyConfig p = policy();
  p.initial_delay = milliseconds(1);
  EXPECT_EQ(backoffDelay(p, 1, 0.0), milliseconds(1));
}

TEST(RetryPolicyTest, AttemptsAreCountedAgainstTheMaximum) {
  EXPECT_TRUE(mayRetry(policy(), 1));
  EXPECT_TRUE(mayRetry(policy(), 4));
  EXPECT_FALSE(mayRetry(policy(), 5));
}

}  // namespace
}  // namespace atrium::host::messaging

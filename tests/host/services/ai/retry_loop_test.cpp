#include "host/services/ai/retry_loop.hpp"

#include <deque>

#include <gtest/gtest.h>

namespace atrium::host::ai {
namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;

const config::RetryPolicyConfig kPolicy{4, 100ms, 1000ms};

TEST(NextWaitTest, DoublesWithJitterUpToTheCeiling) {
  EXPECT_EQ(nextWait(kPolicy, 1, std::nullopt, 60s, 0.0), 50ms);    // 100 * 0.5
  EXPECT_EQ(nextWait(kPolicy, 1, std::nullopt, 60s, 0.999), 99ms);  // 100 * ~1.0
  EXPECT_EQ(nextWait(kPolicy, 2, std::nullopt, 60s, 0.0), 100ms);
  EXPECT_EQ(nextWait(kPolicy, 3, std::nullopt, 60s, 0.0), 200ms);
  const config::RetryPolicyConfig many{20, 100ms, 1000ms};
  EXPECT_EQ(nextWait(many, 10, std::nullopt, 60s, 0.999), 999ms);  // capped at max_delay
}

TEST(NextWaitTest, NoWaitOnceTheAttemptsAreUsedUp) {
  EXPECT_EQ(nextWait(kPolicy, 4, std::nullopt, 60s, 0.0), std::nullopt);
}

TEST(NextWaitTest, RetryAfterWinsWhenLongerAndMayExceedMaxDelay) {
  EXPECT_EQ(nextWait(kPolicy, 1, 3s, 60s, 0.0), 3000ms);
  EXPECT_EQ(nextWait(kPolicy, 1, 10ms, 60s, 0.0), 50ms);
}

TEST(NextWaitTest, NoWaitThatWouldReachTheDeadline) {
  EXPECT_EQ(nextWait(kPolicy, 1, 3s, 2s, 0.0), std::nullopt);
  EXPECT_EQ(nextWait(kPolicy, 1, std::nullopt, 50ms, 0.0), std::nullopt);
  EXPECT_EQ(nextWait(kPolicy, 1, std::nullopt, 51ms, 0.0), 50ms);
}

// A provider that plays back a list of outcomes: the loop's policy without a network.
class ScriptedProvider : public Provider {
 public:
  explicit ScriptedProvider(std::deque<AttemptOutcome> outcomes) : outcomes_(std::move(outcomes)) {}
  std::string_view name() const override { return "scripted"; }
  const std::string& defaultModel() const override { return model_; }
  AttemptOutcome attempt(const GenerationRequest&, const std::string&,
                         milliseconds timeout) override {
    timeouts.push_back(timeout);
    AttemptOutcome next = outcomes_.front();
    outcomes_.pop_front();
    return next;
  }
  std::vector<milliseconds> timeouts;

 private:
  std::deque<AttemptOutcome> outcomes_;
  std::string model_ = "m";
};

GenerationResult ok() {
  GenerationResult r;
  r.text = "done";
  return r;
}

AttemptOutcome retryable(AiErrorKind kind) {
  return AttemptOutcome::failure(kind, "transient", true);
}

TEST(RunWithRetriesTest, RetriesRetryableFailuresThenSucceeds) {
  ScriptedProvider provider({retryable(AiErrorKind::kTimeout), retryable(AiErrorKind::kRateLimited),
                             AttemptOutcome::success(ok())});
  std::vector<milliseconds> waits;
  const GenerationResult r = runWithRetries(
      provider, {}, "m", {kPolicy, 60s},
      [&](milliseconds w) {
        waits.push_back(w);
        return true;
      },
      [] { return 0.0; });
  EXPECT_EQ(r.text, "done");
  EXPECT_EQ(r.attempts, 3);
  EXPECT_EQ(waits, (std::vector<milliseconds>{50ms, 100ms}));
  ASSERT_EQ(provider.timeouts.size(), 3u);
  EXPECT_LE(provider.timeouts[0], 60s);
  EXPECT_GT(provider.timeouts[0], 59s);
}

TEST(RunWithRetriesTest, APermanentFailureStopsAtOnce) {
  ScriptedProvider provider({AttemptOutcome::failure(AiErrorKind::kRefused, "blocked", false),
                             AttemptOutcome::success(ok())});
  try {
    runWithRetries(
        provider, {}, "m", {kPolicy, 60s}, [](milliseconds) { return true; }, [] { return 0.0; });
    FAIL();
  } catch (const AiError& e) {
    EXPECT_EQ(e.kind(), AiErrorKind::kRefused);
    EXPECT_STREQ(e.what(), "blocked");
    EXPECT_EQ(e.attempts(), 1);
  }
}

TEST(RunWithRetriesTest, AnInterruptedWaitStops) {
  ScriptedProvider provider({retryable(AiErrorKind::kUnavailable), AttemptOutcome::success(ok())});
  try {
    runWithRetries(
        provider, {}, "m", {kPolicy, 60s}, [](milliseconds) { return false; }, [] { return 0.0; });
    FAIL();
  } catch (const AiError& e) {
    EXPECT_EQ(e.kind(), AiErrorKind::kUnavailable);
    EXPECT_EQ(e.attempts(), 1);
  }
}

}  // namespace
}  // namespace atrium::host::ai

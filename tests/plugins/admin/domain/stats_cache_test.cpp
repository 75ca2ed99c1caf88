#include "plugins/admin/domain/stats_cache.hpp"

#include <gtest/gtest.h>

namespace atrium::plugins::admin {
namespace {

using namespace std::chrono_literals;

TEST(StatsCacheTest, AnswersWithinTheTtlOnly) {
  StatsCache cache(10s);
  const auto t0 = StatsCache::Clock::now();
  EXPECT_FALSE(cache.get(t0).has_value());
  cache.put("first", t0);
  EXPECT_EQ(cache.get(t0 + 9999ms).value_or(""), "first");
  EXPECT_FALSE(cache.get(t0 + 10s).has_value());
  EXPECT_FALSE(cache.get(t0 - 1ms).has_value()) << "a clock that went back is a miss";
  cache.put("second", t0 + 10s);
  EXPECT_EQ(cache.get(t0 + 11s).value_or(""), "second");
}

TEST(StatsCacheTest, ZeroTtlNeverCaches) {
  StatsCache cache(0ms);
  const auto t0 = StatsCache::Clock::now();
  cache.put("body", t0);
  EXPECT_FALSE(cache.get(t0).has_value());
}

}  // namespace
}  // namespace atrium::plugins::admin

#include "host/middleware/memory_rate_limit_store.hpp"

#include <atomic>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace atrium::host::middleware {
namespace {

RateLimitPolicy window(int64_t window_ms, int64_t max) {
  RateLimitPolicy p;
  p.window_ms = window_ms;
  p.max = max;
  return p;
}

TEST(MemoryRateLimitStoreTest, KeysAreCountedSeparately) {
  MemoryRateLimitStore store(1000);
  const auto policy = window(60000, 2);
  EXPECT_TRUE(store.apply("l", policy, "a", 0, RateLimitMode::kCheckAndCount).allowed);
  EXPECT_TRUE(store.apply("l", policy, "a", 0, RateLimitMode::kCheckAndCount).allowed);
  EXPECT_FALSE(store.apply("l", policy, "a", 0, RateLimitMode::kCheckAndCount).allowed);
  EXPECT_TRUE(store.apply("l", policy, "b", 0, RateLimitMode::kCheckAndCount).allowed);
  EXPECT_EQ(store.size(), 2);
}

TEST(MemoryRateLimitStoreTest, PeekOnAnUnknownKeyStoresNothing) {
  MemoryRateLimitStore store(1000);
  const auto d = store.apply("l", window(1000, 5), "new", 0, RateLimitMode::kPeek);
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.remaining, 5);
  EXPECT_EQ(store.size(), 0);
}

TEST(MemoryRateLimitStoreTest, MemoryIsBoundedExpiredKeysGoFirst) {
  // 64 shards, one key each at most.
  MemoryRateLimitStore store(64);
  const auto policy = window(1000, 5);
  for (int i = 0; i < 5000; ++i) {
    store.apply("l", policy, "key-" + std::to_string(i), 0, RateLimitMode::kCheckAndCount);
  }
  EXPECT_LE(store.size(), 64);
  EXPECT_GT(store.evictions(), 0u) << "live keys had to be evicted";
  const uint64_t evictions = store.evictions();
  // Two windows later everything has expired: new keys replace expired ones, no eviction.
  for (int i = 0; i < 5000; ++i) {
    store.apply("l", policy, "later-" + std::to_string(i), 2000, RateLimitMode::kCheckAndCount);
  }
  EXPECT_LE(store.size(), 64);
  EXPECT_GE(store.evictions(), evictions);
}

TEST(MemoryRateLimitStoreTest, ConcurrentHitsNeverExceedTheLimit) {
  MemoryRateLimitStore store(100000);
  const auto policy = window(60000, 1000);
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) {
        if (store.apply("l", policy, "shared", 5, RateLimitMode::kCheckAndCount).allowed) {
          ++allowed;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(allowed.load(), 1000);
}

}  // namespace
}  // namespace atrium::host::middleware

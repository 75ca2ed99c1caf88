#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

#include "host/middleware/rate_limit_store.hpp"

namespace atrium::host::middleware {

// Counters in this process's memory: one store per limiter, its keys spread over kShards
// shards, each with its own mutex (no global lock on the request path). Memory is bounded: a
// shard holds at most max_keys / kShards keys; when a new key arrives at a full shard, expired
// entries are dropped first and, if none expired, the entry closest to expiry is evicted (a
// flood of distinct keys can then forget a live counter; see docs/operations.md).
class MemoryRateLimitStore final : public RateLimitStore {
 public:
  static constexpr size_t kShards = 64;

  explicit MemoryRateLimitStore(size_t max_keys);

  RateLimitDecision apply(std::string_view limiter, const RateLimitPolicy& policy,
                          const std::string& key, int64_t now_ms, RateLimitMode mode) override;
  int64_t size() const override { return size_.load(std::memory_order_relaxed); }
  uint64_t evictions() const { return evictions_.load(std::memory_order_relaxed); }

 private:
  struct Entry {
    RateLimitState state;
    int64_t expires_ms = 0;
  };
  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, Entry> entries;
  };

  // Makes room for one more key in a full shard (its mutex held).
  void makeRoom(Shard& shard, int64_t now_ms);

  size_t per_shard_;
  std::array<Shard, kShards> shards_;
  std::atomic<int64_t> size_{0};
  std::atomic<uint64_t> evictions_{0};
};

}  // namespace atrium::host::middleware

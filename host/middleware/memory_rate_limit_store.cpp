#include "host/middleware/memory_rate_limit_store.hpp"

#include <algorithm>
#include <functional>

namespace atrium::host::middleware {

MemoryRateLimitStore::MemoryRateLimitStore(size_t max_keys)
    : per_shard_(std::max<size_t>(1, (max_keys + kShards - 1) / kShards)) {}

RateLimitDecision MemoryRateLimitStore::apply(std::string_view /*limiter*/,
                                              const RateLimitPolicy& policy, const std::string& key,
                                              int64_t now_ms, RateLimitMode mode) {
  Shard& shard = shards_[std::hash<std::string>{}(key) % kShards];
  std::lock_guard lock(shard.mutex);
  auto it = shard.entries.find(key);
  if (it == shard.entries.end()) {
    if (mode == RateLimitMode::kPeek) {
      // Nothing to remember: decide on a fresh state without storing it.
      RateLimitState state = rollRateLimitState(policy, RateLimitState{}, now_ms);
      return applyRateLimit(policy, state, now_ms, mode);
    }
    if (shard.entries.size() >= per_shard_) makeRoom(shard, now_ms);
    it = shard.entries.emplace(key, Entry{}).first;
    size_.fetch_add(1, std::memory_order_relaxed);
  }
  Entry& entry = it->second;
  entry.state = rollRateLimitState(policy, entry.state, now_ms);
  const RateLimitDecision decision = applyRateLimit(policy, entry.state, now_ms, mode);
  entry.expires_ms = now_ms + rateLimitStateTtlMs(policy);
  return decision;
}

void MemoryRateLimitStore::makeRoom(Shard& shard, int64_t now_ms) {
  size_t dropped = 0;
  for (auto it = shard.entries.begin(); it != shard.entries.end();) {
    if (it->second.expires_ms <= now_ms) {
      it = shard.entries.erase(it);
      ++dropped;
    } else {
      ++it;
    }
  }
  if (dropped == 0 && !shard.entries.empty()) {
    auto oldest = std::min_element(
        shard.entries.begin(), shard.entries.end(),
        [](const auto& a, const auto& b) { return a.second.expires_ms < b.second.expires_ms; });
    shard.entries.erase(oldest);
    dropped = 1;
    evictions_.fetch_add(1, std::memory_order_relaxed);
  }
  size_.fetch_sub(static_cast<int64_t>(dropped), std::memory_order_relaxed);
}

}  // namespace atrium::host::middleware

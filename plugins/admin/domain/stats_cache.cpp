#include "plugins/admin/domain/stats_cache.hpp"

namespace atrium::plugins::admin {

std::optional<std::string> StatsCache::get(Clock::time_point now) const {
  if (ttl_.count() <= 0) return std::nullopt;
  const std::lock_guard<std::mutex> lock(mutex_);
  if (!body_ || now < stored_at_ || now - stored_at_ >= ttl_) return std::nullopt;
  return body_;
}

void StatsCache::put(std::string body, Clock::time_point now) {
  if (ttl_.count() <= 0) return;
  const std::lock_guard<std::mutex> lock(mutex_);
  body_ = std::move(body);
  stored_at_ = now;
}

}  // namespace atrium::plugins::admin

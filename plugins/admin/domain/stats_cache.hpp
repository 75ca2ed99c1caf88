// The last rendered statistics of this process, kept for `cache_ttl` so that a dashboard that
// polls does not count every table on every request. Thread-safe; time is passed in (tests).
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>

namespace atrium::plugins::admin {

class StatsCache {
 public:
  using Clock = std::chrono::steady_clock;

  // ttl 0 disables the cache: get() never answers.
  explicit StatsCache(std::chrono::milliseconds ttl) : ttl_(ttl) {}

  // The body stored less than ttl before `now`, if any.
  std::optional<std::string> get(Clock::time_point now) const;
  void put(std::string body, Clock::time_point now);

 private:
  const std::chrono::milliseconds ttl_;
  mutable std::mutex mutex_;
  std::optional<std::string> body_;
  Clock::time_point stored_at_{};
};

}  // namespace atrium::plugins::admin

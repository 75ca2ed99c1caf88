#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "host/common/logger.hpp"
#include "host/config/host_config.hpp"
#include "host/http/request.hpp"
#include "host/http/response.hpp"
#include "host/middleware/rate_limit_store.hpp"

namespace atrium::host::db {
class Database;
}

namespace atrium::host::middleware {

// Milliseconds since the Unix epoch (the stores' clock; injectable for tests).
using RateLimitClock = std::function<int64_t()>;
int64_t systemClockMs();

// One named limiter from `rate_limits:`: its policy, its store, how a request becomes a key, and
// how a refusal is answered. Shared by every route that names it (so they share the counters)
// and by every worker thread.
class RateLimiter {
 public:
  RateLimiter(const config::RateLimitConfig& config, std::shared_ptr<RateLimitStore> store,
              const common::LogSink& logs, RateLimitClock clock = systemClockMs);

  const config::RateLimitConfig& config() const { return config_; }
  const RateLimitPolicy& policy() const { return policy_; }

  // The request's key, or nullopt when the request skips this limiter (skip: header matched).
  std::optional<std::string> keyFor(const http::Request& request) const;

  // At request time: counts the request (count: all) or only looks (count: failed). nullopt
  // when the store failed and on_store_error is allow (the request passes); throws
  // RateLimitStoreError when it failed and on_store_error is deny.
  std::optional<RateLimitDecision> check(const std::string& key);

  // At response time (count: failed): counts the answer when its status is a failure.
  void recordResponse(const std::string& key, int status);
  bool countsAsFailure(int status) const;

  // Turns `response` into this limiter's 429 (Retry-After, body or envelope error).
  void reject(const http::Request& request, http::Response& response,
              const RateLimitDecision& decision);

  uint64_t limitedCount() const { return limited_.load(std::memory_order_relaxed); }
  uint64_t storeErrorCount() const { return store_errors_.load(std::memory_order_relaxed); }
  int64_t keys() const;  // held by the store; -1 when it cannot tell

 private:
  std::optional<RateLimitDecision> apply(const std::string& key, RateLimitMode mode);
  void storeFailed(const std::exception& e);

  config::RateLimitConfig config_;
  RateLimitPolicy policy_;
  std::shared_ptr<RateLimitStore> store_;
  common::Logger logger_;
  RateLimitClock clock_;
  std::atomic<uint64_t> limited_{0};
  std::atomic<uint64_t> store_errors_{0};
  std::atomic<int64_t> last_failure_log_ms_{0};
};

// Every limiter of the config, by name, with its store: memory (one per limiter) or the database
// (shared table). `database` may be null when the host runs without one (check-config): a
// database-store limiter then fails every check (never called in that mode).
class RateLimiterSet {
 public:
  RateLimiterSet(const std::map<std::string, config::RateLimitConfig>& configs,
                 db::Database* database, const common::LogSink& logs,
                 RateLimitClock clock = systemClockMs);

  RateLimiter* find(const std::string& name) const;
  bool empty() const { return limiters_.empty(); }
  // atrium_rate_limited_total, atrium_rate_limit_store_errors_total, atrium_rate_limit_keys,
  // each {limiter}.
  void renderPrometheus(std::string& out) const;

 private:
  std::map<std::string, std::unique_ptr<RateLimiter>> limiters_;
};

}  // namespace atrium::host::middleware

#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "host/middleware/rate_limit_store.hpp"

namespace atrium::host::db {
class Database;
}

namespace atrium::host::middleware {

// Counters in the atrium_rate_limits table (sql/host/0002_create_rate_limits.sql), so that every
// instance on one database enforces one limit. Each check is ONE statement: an INSERT ... ON
// CONFLICT DO UPDATE ... RETURNING that rolls the window (or refills the bucket), decides and
// counts in the database, atomically under concurrent instances (row lock on PostgreSQL, the
// write lock on SQLite). Keys longer than kMaxKeyBytes are stored as their SHA-256. At most once
// per cleanup interval, a check also deletes the expired rows of every limiter.
// Database failures are thrown as RateLimitStoreError (the middleware applies on_store_error).
class DatabaseRateLimitStore final : public RateLimitStore {
 public:
  static constexpr size_t kMaxKeyBytes = 128;
  static constexpr int64_t kCleanupIntervalMs = 60000;

  explicit DatabaseRateLimitStore(db::Database& database) : database_(database) {}

  RateLimitDecision apply(std::string_view limiter, const RateLimitPolicy& policy,
                          const std::string& key, int64_t now_ms, RateLimitMode mode) override;

  // Deletes rows that expired before `now_ms`; returns how many.
  int64_t deleteExpired(int64_t now_ms);

 private:
  db::Database& database_;
  std::atomic<int64_t> next_cleanup_ms_{0};
};

}  // namespace atrium::host::middleware

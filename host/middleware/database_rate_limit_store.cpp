#include "host/middleware/database_rate_limit_store.hpp"

#include <cmath>
#include <exception>

#include "host/common/sha256.hpp"
#include "host/db/database.hpp"

namespace atrium::host::middleware {
namespace {

constexpr std::string_view kComponent = "host.rate_limit";

// The existing row's state rolled to now, as SQL over the target row (T) and parameters.
// Sliding window: :start is the current aligned window, :prev_start the one before.
const std::string kT = "atrium_rate_limits.";
const std::string kPrevious = "(CASE WHEN " + kT + "start_ms = :start THEN " + kT +
                              "previous WHEN " + kT + "start_ms = :prev_start THEN " + kT +
                              "current ELSE 0 END)";
const std::string kCurrent =
    "(CASE WHEN " + kT + "start_ms = :start THEN " + kT + "current ELSE 0 END)";
const std::string kWindowAllows =
    "(" + kPrevious + " * :weight + " + kCurrent + " + 1.0 <= :limit)";

const std::string kSlidingSql =
    "INSERT INTO atrium_rate_limits (limiter, bucket_key, start_ms, previous, current, allowed, "
    "expires_ms) VALUES (:limiter, :key, :start, 0, CASE WHEN :mode = 1 THEN 0 ELSE 1 END, 1, "
    ":expires) ON CONFLICT (limiter, bucket_key) DO UPDATE SET start_ms = :start, previous = " +
    kPrevious + ", current = " + kCurrent + " + (CASE WHEN :mode = 2 THEN 1 WHEN :mode = 0 AND " +
    kWindowAllows + " THEN 1 ELSE 0 END), allowed = (CASE WHEN " + kWindowAllows +
    " THEN 1 ELSE 0 END), expires_ms = :expires RETURNING start_ms, previous, current, allowed";

// Token bucket: tokens refilled up to :burst since the last refill.
const std::string kRefilled = "(" + kT + "current + (CASE WHEN :now > " + kT +
                              "start_ms THEN :now - " + kT + "start_ms ELSE 0 END) * :refill)";
const std::string kTokens =
    "(CASE WHEN " + kRefilled + " > :burst THEN :burst ELSE " + kRefilled + " END)";
const std::string kBucketAllows = "(" + kTokens + " >= :one)";

const std::string kBucketSql =
    "INSERT INTO atrium_rate_limits (limiter, bucket_key, start_ms, previous, current, allowed, "
    "expires_ms) VALUES (:limiter, :key, :now, 0, CASE WHEN :mode = 1 THEN :burst ELSE :burst - 1 "
    "END, 1, :expires) ON CONFLICT (limiter, bucket_key) DO UPDATE SET start_ms = (CASE WHEN "
    ":now > " +
    kT + "start_ms THEN :now ELSE " + kT +
    "start_ms END), current = (CASE WHEN "
    ":mode = 2 OR (:mode = 0 AND " +
    kBucketAllows + ") THEN (CASE WHEN " + kTokens + " >= 1.0 THEN " + kTokens +
    " - 1.0 ELSE 0 END) ELSE " + kTokens + " END), allowed = (CASE WHEN " + kBucketAllows +
    " THEN 1 ELSE 0 END), expires_ms = :expires RETURNING start_ms, previous, "
    "current, allowed";

int64_t intOf(const db::Value& value) {
  if (auto i = db::integerOf(value)) return *i;
  throw RateLimitStoreError("unexpected column type in atrium_rate_limits");
}

double doubleOf(const db::Value& value) {
  if (auto d = db::numberOf(value)) return *d;
  throw RateLimitStoreError("unexpected column type in atrium_rate_limits");
}

int64_t modeNumber(RateLimitMode mode) {
  switch (mode) {
    case RateLimitMode::kCheckAndCount: return 0;
    case RateLimitMode::kPeek: return 1;
    case RateLimitMode::kCount: return 2;
  }
  return 0;
}

}  // namespace

RateLimitDecision DatabaseRateLimitStore::apply(std::string_view limiter,
                                                const RateLimitPolicy& policy,
                                                const std::string& key, int64_t now_ms,
                                                RateLimitMode mode) {
  const std::string stored_key =
      key.size() > kMaxKeyBytes ? "sha256:" + common::sha256Hex(key) : key;
  const int64_t expires = now_ms + rateLimitStateTtlMs(policy);
  db::Params params = {{"limiter", std::string(limiter)},
                       {"key", stored_key},
                       {"mode", modeNumber(mode)},
                       {"expires", expires}};
  const bool bucket = policy.algorithm == RateLimitAlgorithm::kTokenBucket;
  if (bucket) {
    params.push_back({"now", now_ms});
    params.push_back({"burst", static_cast<double>(policy.max)});
    params.push_back({"refill", policy.refill_per_ms});
    params.push_back({"one", 1.0 - 1e-9});
  } else {
    const RateLimitState rolled = rollRateLimitState(policy, RateLimitState{}, now_ms);
    params.push_back({"start", rolled.start_ms});
    params.push_back({"prev_start", rolled.start_ms - policy.window_ms});
    params.push_back({"weight", 1.0 - static_cast<double>(now_ms - rolled.start_ms) /
                                          static_cast<double>(policy.window_ms)});
    params.push_back({"limit", static_cast<double>(policy.max) + 1e-9});
  }
  db::QueryResult result;
  try {
    if (now_ms >= next_cleanup_ms_.load(std::memory_order_relaxed)) {
      int64_t expected = next_cleanup_ms_.load(std::memory_order_relaxed);
      if (now_ms >= expected &&
          next_cleanup_ms_.compare_exchange_strong(expected, now_ms + kCleanupIntervalMs)) {
        deleteExpired(now_ms);
      }
    }
    result = database_.query(db::QueryTag{"rate_limit.check", kComponent, {}},
                             bucket ? kBucketSql : kSlidingSql, params);
  } catch (const RateLimitStoreError&) {
    throw;
  } catch (const std::exception& e) {
    throw RateLimitStoreError(e.what());
  }
  if (result.rows.size() != 1 || result.rows[0].size() != 4) {
    throw RateLimitStoreError("the rate-limit upsert returned no row");
  }
  const auto& row = result.rows[0];
  RateLimitState state;
  state.fresh = false;
  state.start_ms = intOf(row[0]);
  state.previous = doubleOf(row[1]);
  state.current = doubleOf(row[2]);
  return describeRateLimit(policy, state, now_ms, intOf(row[3]) != 0);
}

int64_t DatabaseRateLimitStore::deleteExpired(int64_t now_ms) {
  const db::QueryResult result =
      database_.query(db::QueryTag{"rate_limit.cleanup", kComponent, {}},
                      "DELETE FROM atrium_rate_limits WHERE expires_ms < :now", {{"now", now_ms}});
  return result.affected_rows;
}

}  // namespace atrium::host::middleware

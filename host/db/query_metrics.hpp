#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace atrium::host::db {

// Per-statement counters and latency histograms, rendered in Prometheus text format:
//   atrium_db_queries_total{statement,outcome}          counter (outcome "ok" or an error kind)
//   atrium_db_query_duration_seconds{statement}         histogram (50 µs .. 10 s)
//   atrium_db_transactions_total{outcome}               counter (commit, rollback, failed)
// Statement names are checked by the caller ([a-z0-9_.], see isValidStatementName), so label
// values need no escaping. After kMaxStatements distinct names further ones count as "_other".
// Thread-safe; recording takes a shared lock and touches atomics only.
class QueryMetrics {
 public:
  static constexpr size_t kMaxStatements = 1024;
  static constexpr std::array<int64_t, 17> kBucketBoundsNs = {
      50'000,      100'000,       250'000,       500'000,       1'000'000,     2'500'000,
      5'000'000,   10'000'000,    25'000'000,    50'000'000,    100'000'000,   250'000'000,
      500'000'000, 1'000'000'000, 2'500'000'000, 5'000'000'000, 10'000'000'000};
  // Outcomes: index 0 is "ok"; the others are the names given to record().
  static constexpr size_t kMaxOutcomes = 16;

  QueryMetrics();
  ~QueryMetrics();
  QueryMetrics(const QueryMetrics&) = delete;
  QueryMetrics& operator=(const QueryMetrics&) = delete;

  // `outcome` is "ok" or an error kind name ("unique_violation", "unavailable", ...).
  void record(std::string_view statement, std::string_view outcome,
              std::chrono::nanoseconds latency);
  // "commit", "rollback" or "failed".
  void recordTransaction(std::string_view outcome);

  void renderPrometheus(std::string& out) const;

  // Count of statements recorded under `statement` with `outcome` (tests, diagnostics).
  uint64_t count(std::string_view statement, std::string_view outcome) const;

 private:
  struct Stats;
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  Stats& statsFor(std::string_view statement);
  size_t outcomeIndex(std::string_view outcome);

  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, std::unique_ptr<Stats>, Hash, std::equal_to<>> stats_;
  std::array<std::string, kMaxOutcomes> outcomes_;  // guarded by mutex_ for writes
  std::atomic<size_t> outcome_count_{1};
  std::array<std::atomic<uint64_t>, 3> transactions_{};
};

// [a-z0-9_.], 1..64 characters, e.g. "items.get".
bool isValidStatementName(std::string_view name);

}  // namespace atrium::host::db

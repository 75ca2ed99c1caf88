#include "host/db/query_metrics.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <mutex>

namespace atrium::host::db {

struct QueryMetrics::Stats {
  std::array<std::atomic<uint64_t>, kMaxOutcomes> outcomes{};
  std::array<std::atomic<uint64_t>, kBucketBoundsNs.size()> buckets{};  // non-cumulative
  std::atomic<uint64_t> count{0};
  std::atomic<int64_t> sum_ns{0};
};

namespace {

constexpr std::string_view kOverflowName = "_other";
constexpr std::array<std::string_view, 3> kTransactionOutcomes = {"commit", "rollback", "failed"};

void appendSeconds(std::string& out, int64_t ns) {
  const double seconds = static_cast<double>(ns) / 1e9;
  char buf[32];
  const int n = std::snprintf(buf, sizeof buf, "%.9g", seconds);
  out.append(buf, static_cast<size_t>(n));
}

}  // namespace

bool isValidStatementName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
  });
}

QueryMetrics::QueryMetrics() { outcomes_[0] = "ok"; }
QueryMetrics::~QueryMetrics() = default;

QueryMetrics::Stats& QueryMetrics::statsFor(std::string_view statement) {
  {
    std::shared_lock lock(mutex_);
    const auto it = stats_.find(statement);
    if (it != stats_.end()) return *it->second;
  }
  std::unique_lock lock(mutex_);
  if (stats_.size() >= kMaxStatements && stats_.find(statement) == stats_.end()) {
    statement = kOverflowName;
  }
  auto& slot = stats_[std::string(statement)];
  if (!slot) slot = std::make_unique<Stats>();
  return *slot;
}

size_t QueryMetrics::outcomeIndex(std::string_view outcome) {
  const size_t known = outcome_count_.load(std::memory_order_acquire);
  for (size_t i = 0; i < known; ++i) {
    if (outcomes_[i] == outcome) return i;
  }
  std::unique_lock lock(mutex_);
  const size_t now = outcome_count_.load(std::memory_order_relaxed);
  for (size_t i = 0; i < now; ++i) {
    if (outcomes_[i] == outcome) return i;
  }
  if (now == kMaxOutcomes) return kMaxOutcomes - 1;  // cannot happen with the fixed kind list
  outcomes_[now] = std::string(outcome);
  outcome_count_.store(now + 1, std::memory_order_release);
  return now;
}

void QueryMetrics::record(std::string_view statement, std::string_view outcome,
                          std::chrono::nanoseconds latency) {
  const size_t index = outcomeIndex(outcome);
  Stats& stats = statsFor(statement);
  const int64_t ns = std::max<int64_t>(0, latency.count());
  stats.outcomes[index].fetch_add(1, std::memory_order_relaxed);
  stats.count.fetch_add(1, std::memory_order_relaxed);
  stats.sum_ns.fetch_add(ns, std::memory_order_relaxed);
  const auto bucket = std::lower_bound(kBucketBoundsNs.begin(), kBucketBoundsNs.end(), ns);
  if (bucket != kBucketBoundsNs.end()) {
    stats.buckets[static_cast<size_t>(bucket - kBucketBoundsNs.begin())].fetch_add(
        1, std::memory_order_relaxed);
  }
}

void QueryMetrics::recordTransaction(std::string_view outcome) {
  for (size_t i = 0; i < kTransactionOutcomes.size(); ++i) {
    if (kTransactionOutcomes[i] == outcome) {
      transactions_[i].fetch_add(1, std::memory_order_relaxed);
      return;
    }
  }
}

uint64_t QueryMetrics::count(std::string_view statement, std::string_view outcome) const {
  std::shared_lock lock(mutex_);
  const auto it = stats_.find(statement);
  if (it == stats_.end()) return 0;
  const size_t known = outcome_count_.load(std::memory_order_acquire);
  for (size_t i = 0; i < known; ++i) {
    if (outcomes_[i] == outcome) return it->second->outcomes[i].load(std::memory_order_relaxed);
  }
  return 0;
}

void QueryMetrics::renderPrometheus(std::string& out) const {
  std::shared_lock lock(mutex_);
  const std::map<std::string_view, const Stats*> sorted = [&] {
    std::map<std::string_view, const Stats*> m;
    for (const auto& [name, stats] : stats_) m.emplace(name, stats.get());
    return m;
  }();
  const size_t outcomes = outcome_count_.load(std::memory_order_acquire);
  out += "# HELP atrium_db_queries_total Statements run, by statement name and outcome.\n";
  out += "# TYPE atrium_db_queries_total counter\n";
  for (const auto& [name, stats] : sorted) {
    for (size_t i = 0; i < outcomes; ++i) {
      const uint64_t n = stats->outcomes[i].load(std::memory_order_relaxed);
      if (n == 0 && i != 0) continue;
      out += "atrium_db_queries_total{statement=\"";
      out += name;
      out += "\",outcome=\"";
      out += outcomes_[i];
      out += "\"} ";
      out += std::to_string(n);
      out += '\n';
    }
  }
  out +=
      "# HELP atrium_db_query_duration_seconds Statement latency, acquiring the connection "
      "included.\n";
  out += "# TYPE atrium_db_query_duration_seconds histogram\n";
  for (const auto& [name, stats] : sorted) {
    uint64_t cumulative = 0;
    const std::string prefix =
        "atrium_db_query_duration_seconds_bucket{statement=\"" + std::string(name) + "\",le=\"";
    for (size_t b = 0; b < kBucketBoundsNs.size(); ++b) {
      cumulative += stats->buckets[b].load(std::memory_order_relaxed);
      out += prefix;
      appendSeconds(out, kBucketBoundsNs[b]);
      out += "\"} " + std::to_string(cumulative) + "\n";
    }
    const uint64_t count = stats->count.load(std::memory_order_relaxed);
    out += prefix + "+Inf\"} " + std::to_string(count) + "\n";
    out += "atrium_db_query_duration_seconds_sum{statement=\"" + std::string(name) + "\"} ";
    appendSeconds(out, stats->sum_ns.load(std::memory_order_relaxed));
    out += "\natrium_db_query_duration_seconds_count{statement=\"" + std::string(name) + "\"} " +
           std::to_string(count) + "\n";
  }
  out += "# HELP atrium_db_transactions_total Transactions ended, by outcome.\n";
  out += "# TYPE atrium_db_transactions_total counter\n";
  for (size_t i = 0; i < kTransactionOutcomes.size(); ++i) {
    out += "atrium_db_transactions_total{outcome=\"" + std::string(kTransactionOutcomes[i]) +
           "\"} " + std::to_string(transactions_[i].load(std::memory_order_relaxed)) + "\n";
  }
}

}  // namespace atrium::host::db

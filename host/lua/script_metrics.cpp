#include "host/lua/script_metrics.hpp"

#include "host/http/metrics.hpp"
#include "host/lua/script_registry.hpp"

namespace atrium::host::lua {
namespace {

constexpr std::array<ScriptError::Kind, ScriptMetrics::kOutcomes - 1> kKinds = {
    ScriptError::Kind::kNotFound,    ScriptError::Kind::kCompile,
    ScriptError::Kind::kRuntime,     ScriptError::Kind::kInstructionLimit,
    ScriptError::Kind::kMemoryLimit, ScriptError::Kind::kBadResult,
    ScriptError::Kind::kBadArgument};

std::string_view outcomeName(size_t outcome) {
  return outcome == 0 ? std::string_view("ok") : scriptErrorKindName(kKinds[outcome - 1]);
}

using http::Metrics;

void appendScript(std::string& out, std::string_view metric, std::string_view script) {
  out.append(metric).append("{script=\"");
  Metrics::appendEscapedLabel(out, script);
  out.push_back('"');
}

}  // namespace

void ScriptMetrics::Stats::record(std::optional<ScriptError::Kind> failure,
                                  std::chrono::nanoseconds duration) {
  size_t outcome = 0;
  if (failure.has_value()) {
    for (size_t i = 0; i < kKinds.size(); ++i) {
      if (kKinds[i] == *failure) outcome = i + 1;
    }
  }
  outcomes_[outcome].fetch_add(1, std::memory_order_relaxed);
  const int64_t ns = duration.count() < 0 ? 0 : duration.count();
  size_t bucket = 0;
  while (bucket < kBucketBoundsNs.size() && ns > kBucketBoundsNs[bucket]) ++bucket;
  buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
  sum_ns_.fetch_add(ns, std::memory_order_relaxed);
}

ScriptMetrics::Stats& ScriptMetrics::forScript(std::string_view script_id) {
  const std::lock_guard lock(mutex_);
  auto it = scripts_.find(script_id);
  if (it == scripts_.end()) {
    it = scripts_.emplace(std::string(script_id), std::make_unique<Stats>()).first;
  }
  return *it->second;
}

void ScriptMetrics::renderPrometheus(std::string& out, const Registry& registry) const {
  const std::lock_guard lock(mutex_);
  Metrics::appendFamily(out, "atrium_script_calls_total", "counter",
                        "Lua script calls, by script id and outcome (ok or the failure kind).");
  for (const auto& [id, stats] : scripts_) {
    for (size_t outcome = 0; outcome < kOutcomes; ++outcome) {
      const uint64_t n = stats->outcomes_[outcome].load(std::memory_order_relaxed);
      if (n == 0) continue;
      appendScript(out, "atrium_script_calls_total", id);
      out.append(",outcome=\"").append(outcomeName(outcome)).append("\"} ");
      out.append(std::to_string(n)).push_back('\n');
    }
  }
  Metrics::appendFamily(out, "atrium_script_call_duration_seconds", "histogram",
                        "Lua script call duration, conversions of argument and result included.");
  for (const auto& [id, stats] : scripts_) {
    std::array<uint64_t, kBucketBoundsNs.size() + 1> buckets{};
    uint64_t total = 0;
    for (size_t b = 0; b < buckets.size(); ++b) {
      buckets[b] = stats->buckets_[b].load(std::memory_order_relaxed);
      total += buckets[b];
    }
    if (total == 0) continue;
    std::string labels = "script=\"";
    Metrics::appendEscapedLabel(labels, id);
    labels.push_back('"');
    Metrics::appendHistogram(out, "atrium_script_call_duration_seconds", labels, kBucketBoundsNs,
                             buckets, stats->sum_ns_.load(std::memory_order_relaxed));
  }
  Metrics::appendFamily(out, "atrium_script_compile_error", "gauge",
                        "1 while a script's file does not compile (its last good version, if any, "
                        "serves); 0 otherwise.");
  std::map<std::string_view, bool> broken;  // sorted output
  for (const auto& [id, record] : registry.scripts) broken[id] = !record->error.empty();
  for (const auto& [id, failing] : broken) {
    appendScript(out, "atrium_script_compile_error", id);
    out.append("} ").append(failing ? "1" : "0").push_back('\n');
  }
}

}  // namespace atrium::host::lua

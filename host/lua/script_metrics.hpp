#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "host/lua/script_error.hpp"

namespace atrium::host::lua {

struct Registry;

// Per-script call metrics for /metrics (Prometheus text format 0.0.4):
//   atrium_script_calls_total{script,outcome}     counter: outcome "ok" or the failure kind
//                                                 (runtime, instruction_limit, memory_limit,
//                                                 bad_result, bad_argument, compile, not_found)
//   atrium_script_call_duration_seconds{script}   histogram, 10 µs .. 5 s: the whole call,
//                                                 argument and result conversions included
//   atrium_script_compile_error{script}           gauge: 1 while the file on disk does not
//                                                 compile (its last good version serves)
// Recording is two relaxed atomic additions and a bucket, with no lock: each script's counters
// are created once (when the engine first sees the script) and live as long as the engine, so
// a removed script keeps its counts, as Prometheus counters should.
class ScriptMetrics {
 public:
  static constexpr std::array<int64_t, 12> kBucketBoundsNs = {
      10'000,     50'000,     100'000,     500'000,     1'000'000,     5'000'000,
      10'000'000, 50'000'000, 100'000'000, 500'000'000, 1'000'000'000, 5'000'000'000};
  // "ok", then the ScriptError kinds in declaration order.
  static constexpr size_t kOutcomes = 8;

  class Stats {
   public:
    // `failure` empty: the call succeeded.
    void record(std::optional<ScriptError::Kind> failure, std::chrono::nanoseconds duration);

   private:
    friend class ScriptMetrics;
    std::array<std::atomic<uint64_t>, kOutcomes> outcomes_{};
    // Per bucket, not cumulative; the last one is +Inf.
    std::array<std::atomic<uint64_t>, kBucketBoundsNs.size() + 1> buckets_{};
    std::atomic<int64_t> sum_ns_{0};
  };

  // The counters of a script, created on first use; the reference stays valid as long as
  // this object.
  Stats& forScript(std::string_view script_id);

  // Appends the three families; compile errors come from `registry`, the current snapshot.
  void renderPrometheus(std::string& out, const Registry& registry) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Stats>, std::less<>> scripts_;
};

}  // namespace atrium::host::lua

#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace atrium::host::http {

// Request metrics in Prometheus text format 0.0.4. Thread-safe. The hot path (recordRequest,
// in-flight gauge) takes no global lock: per-route counters are atomics in a table published
// once per route; only a route with more than 32 distinct (method, status) pairs falls back to
// a per-route mutex. Handler errors and misc counters are rare and use a mutex.
//
// Families rendered:
//   atrium_http_requests_total{route,method,status}            counter
//   atrium_http_request_duration_seconds{route,method}         histogram (0.5 ms .. 10 s)
//   atrium_http_route_info{route,method,handler}               gauge, 1 per registered route
//   atrium_http_requests_in_flight                             gauge
//   atrium_plugin_handler_errors_total{handler}                counter
//   atrium_<name>_total                                        counter (incrementCounter)
//   atrium_process_start_time_seconds                          gauge
//   atrium_process_resident_memory_bytes                       gauge (/proc/self/statm)
// The method label is the request's method folded to GET HEAD POST PUT PATCH DELETE OPTIONS or
// OTHER (bounded cardinality); the route label is the registered pattern.
class Metrics {
 public:
  static constexpr size_t kMaxRoutes = 65536;
  static constexpr std::array<int64_t, 14> kBucketBoundsNs = {
      500'000,       1'000'000,     2'500'000,     5'000'000,     10'000'000,
      25'000'000,    50'000'000,    100'000'000,   250'000'000,   500'000'000,
      1'000'000'000, 2'500'000'000, 5'000'000'000, 10'000'000'000};

  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // Returns the id to pass to recordRequest. Registering the same (method, pattern, handler)
  // again returns the same id (config reload keeps counters). Pseudo-routes are registered the
  // same way, e.g. registerRoute("", "not_found", ""). Throws std::length_error past kMaxRoutes.
  size_t registerRoute(std::string method, std::string pattern, std::string handler);

  // Unknown ids are ignored. Negative latencies count as 0.
  void recordRequest(size_t route_id, std::string_view method, int status,
                     std::chrono::nanoseconds latency);

  void incrementInFlight() { in_flight_.fetch_add(1, std::memory_order_relaxed); }
  void decrementInFlight() { in_flight_.fetch_sub(1, std::memory_order_relaxed); }
  int64_t inFlight() const { return in_flight_.load(std::memory_order_relaxed); }

  void recordHandlerError(std::string_view handler_id);

  // Renders as atrium_<name>_total. `name` must be [a-z0-9_]+ (std::invalid_argument otherwise).
  void incrementCounter(std::string_view name, uint64_t amount = 1);

  std::string renderPrometheus() const;

  // Pieces of the exposition format, for every metrics source of the host:
  // label value escaping (backslash, double quote and newline);
  static void appendEscapedLabel(std::string& out, std::string_view value);
  // a family's "# HELP" and "# TYPE" lines;
  static void appendFamily(std::string& out, std::string_view name, std::string_view type,
                           std::string_view help);
  // one histogram series: <name>_bucket{<labels>,le="<bound in seconds>"} (cumulative), _sum
  // and _count. `labels` is the label text without braces (may be empty); `counts` holds one
  // count per bound, not cumulative, and a last one above every bound (+Inf).
  static void appendHistogram(std::string& out, std::string_view name, std::string_view labels,
                              std::span<const int64_t> bounds_ns, std::span<const uint64_t> counts,
                              int64_t sum_ns);

 private:
  struct RouteStats;
  struct RouteChunk;
  static constexpr size_t kChunkBits = 6;
  static constexpr size_t kChunkSize = size_t{1} << kChunkBits;
  static constexpr size_t kMaxChunks = kMaxRoutes / kChunkSize;

  const RouteStats* route(size_t id) const;
  RouteStats* route(size_t id);
  void renderRoutes(std::string& out) const;

  std::array<std::atomic<RouteChunk*>, kMaxChunks> chunks_{};
  std::atomic<size_t> route_count_{0};
  std::atomic<int64_t> in_flight_{0};
  double start_time_seconds_ = 0;

  std::mutex registration_mutex_;  // guards owned_chunks_ and route_ids_
  std::vector<std::unique_ptr<RouteChunk>> owned_chunks_;
  std::map<std::string, size_t> route_ids_;

  mutable std::mutex counters_mutex_;  // guards handler_errors_ and counters_
  std::map<std::string, uint64_t, std::less<>> handler_errors_;
  std::map<std::string, uint64_t, std::less<>> counters_;
};

// Counts a request in flight for its lifetime.
class InFlightGuard {
 public:
  explicit InFlightGuard(Metrics& metrics) : metrics_(&metrics) { metrics_->incrementInFlight(); }
  ~InFlightGuard() { metrics_->decrementInFlight(); }
  InFlightGuard(const InFlightGuard&) = delete;
  InFlightGuard& operator=(const InFlightGuard&) = delete;

 private:
  Metrics* metrics_;
};

}  // namespace atrium::host::http

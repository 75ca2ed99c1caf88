#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace atrium::host::events {

// The events service's Prometheus metrics (docs/operations.md):
//   atrium_events_open_streams                       gauge
//   atrium_events_published_total                    events published (this instance or relayed)
//   atrium_events_delivered_total                    event copies queued to a stream
//   atrium_events_dropped_total{reason}              overflow | closed
//   atrium_events_disconnects_total{reason}          client | overflow | deadline | error |
//   shutdown atrium_events_fanout_latency_seconds             publish → last byte written
//   (histogram)
// Lock-free counters; thread-safe.
class EventsMetrics {
 public:
  enum class Disconnect { kClient, kOverflow, kDeadline, kError, kShutdown, kCount };

  void streamOpened() { open_.fetch_add(1); }
  void streamClosed(Disconnect reason);
  void published() { published_.fetch_add(1); }
  void delivered() { delivered_.fetch_add(1); }
  void droppedOverflow() { dropped_overflow_.fetch_add(1); }
  void recordLatency(std::chrono::nanoseconds latency);

  int64_t openStreams() const { return open_.load(); }
  uint64_t publishedTotal() const { return published_.load(); }
  uint64_t deliveredTotal() const { return delivered_.load(); }
  uint64_t droppedTotal() const { return dropped_overflow_.load(); }
  uint64_t disconnects(Disconnect reason) const;
  void renderPrometheus(std::string& out) const;

 private:
  static constexpr std::array<double, 10> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                      0.025,  0.05,  0.1,    0.5,   1};
  std::atomic<int64_t> open_{0};
  std::atomic<uint64_t> published_{0};
  std::atomic<uint64_t> delivered_{0};
  std::atomic<uint64_t> dropped_overflow_{0};
  std::array<std::atomic<uint64_t>, static_cast<size_t>(Disconnect::kCount)> disconnects_{};
  std::array<std::atomic<uint64_t>, kBuckets.size()> buckets_{};
  std::atomic<uint64_t> latency_count_{0};
  std::atomic<uint64_t> latency_sum_ns_{0};
};

}  // namespace atrium::host::events

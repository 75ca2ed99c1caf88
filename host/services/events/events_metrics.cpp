#include "host/services/events/events_metrics.hpp"

#include <cstdio>

namespace atrium::host::events {

namespace {

constexpr const char* kDisconnectNames[] = {"client", "overflow", "deadline", "error", "shutdown"};

std::string number(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", value);
  return buf;
}

}  // namespace

void EventsMetrics::streamClosed(Disconnect reason) {
  open_.fetch_sub(1);
  disconnects_[static_cast<size_t>(reason)].fetch_add(1);
}

void EventsMetrics::recordLatency(std::chrono::nanoseconds latency) {
  const double seconds = std::chrono::duration<double>(latency).count();
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) buckets_[i].fetch_add(1);
  }
  latency_count_.fetch_add(1);
  latency_sum_ns_.fetch_add(static_cast<uint64_t>(latency.count()));
}

uint64_t EventsMetrics::disconnects(Disconnect reason) const {
  return disconnects_[static_cast<size_t>(reason)].load();
}

void EventsMetrics::renderPrometheus(std::string& out) const {
  out += "# HELP atrium_events_open_streams Open server-sent event streams.\n";
  out += "# TYPE atrium_events_open_streams gauge\n";
  out += "atrium_events_open_streams " + std::to_string(open_.load()) + "\n";
  out += "# HELP atrium_events_published_total Events published.\n";
  out += "# TYPE atrium_events_published_total counter\n";
  out += "atrium_events_published_total " + std::to_string(published_.load()) + "\n";
  out += "# HELP atrium_events_delivered_total Event copies queued to open streams.\n";
  out += "# TYPE atrium_events_delivered_total counter\n";
  out += "atrium_events_delivered_total " + std::to_string(delivered_.load()) + "\n";
  out += "# HELP atrium_events_dropped_total Event copies dropped (slow consumer disconnected).\n";
  out += "# TYPE atrium_events_dropped_total counter\n";
  out += "atrium_events_dropped_total{reason=\"overflow\"} " +
         std::to_string(dropped_overflow_.load()) + "\n";
  out += "# HELP atrium_events_disconnects_total Streams closed, by reason.\n";
  out += "# TYPE atrium_events_disconnects_total counter\n";
  for (size_t i = 0; i < disconnects_.size(); ++i) {
    out += std::string("atrium_events_disconnects_total{reason=\"") + kDisconnectNames[i] + "\"} " +
           std::to_string(disconnects_[i].load()) + "\n";
  }
  out += "# HELP atrium_events_fanout_latency_seconds Publish to last byte written per stream.\n";
  out += "# TYPE atrium_events_fanout_latency_seconds histogram\n";
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    out += "atrium_events_fanout_latency_seconds_bucket{le=\"" + number(kBuckets[i]) + "\"} " +
           std::to_string(buckets_[i].load()) + "\n";
  }
  const uint64_t count = latency_count_.load();
  out += "atrium_events_fanout_latency_seconds_bucket{le=\"+Inf\"} " + std::to_string(count) + "\n";
  out += "atrium_events_fanout_latency_seconds_sum " +
         number(static_cast<double>(latency_sum_ns_.load()) / 1e9) + "\n";
  out += "atrium_events_fanout_latency_seconds_count " + std::to_string(count) + "\n";
}

}  // namespace atrium::host::events

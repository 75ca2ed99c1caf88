#include "host/services/messaging/messaging_metrics.hpp"

#include <cstdio>

namespace atrium::host::messaging {
namespace {

std::string number(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", value);
  return buf;
}

}  // namespace

void MessagingMetrics::recordEnqueued(std::string_view channel) {
  const std::lock_guard<std::mutex> lock(mutex_);
  ++enqueued_[std::string(channel)];
}

void MessagingMetrics::recordDelivery(std::string_view channel, std::string_view transport,
                                      std::string_view outcome, double seconds) {
  const std::lock_guard<std::mutex> lock(mutex_);
  ++deliveries_[Key3{channel, transport, outcome}];
  Histogram& h = durations_[Key2{channel, transport}];
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.counts[i];
  }
  ++h.count;
  h.sum += seconds;
}

void MessagingMetrics::setQueueDepth(std::string_view channel, int64_t depth) {
  const std::lock_guard<std::mutex> lock(mutex_);
  depth_[std::string(channel)] = depth;
}

uint64_t MessagingMetrics::deliveries(std::string_view channel, std::string_view transport,
                                      std::string_view outcome) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  const auto it = deliveries_.find(Key3{channel, transport, outcome});
  return it == deliveries_.end() ? 0 : it->second;
}

uint64_t MessagingMetrics::enqueued(std::string_view channel) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  const auto it = enqueued_.find(std::string(channel));
  return it == enqueued_.end() ? 0 : it->second;
}

void MessagingMetrics::renderPrometheus(std::string& out) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  out += "# HELP atrium_messages_enqueued_total Messages written to the outbox.\n";
  out += "# TYPE atrium_messages_enqueued_total counter\n";
  for (const auto& [channel, n] : enqueued_) {
    out +=
        "atrium_messages_enqueued_total{channel=\"" + channel + "\"} " + std::to_string(n) + "\n";
  }
  out += "# HELP atrium_messages_total Delivery attempts by outcome (sent, retried, failed).\n";
  out += "# TYPE atrium_messages_total counter\n";
  for (const auto& [key, n] : deliveries_) {
    out += "atrium_messages_total{channel=\"" + std::get<0>(key) + "\",transport=\"" +
           std::get<1>(key) + "\",outcome=\"" + std::get<2>(key) + "\"} " + std::to_string(n) +
           "\n";
  }
  out += "# HELP atrium_message_send_duration_seconds Time one delivery attempt took.\n";
  out += "# TYPE atrium_message_send_duration_seconds histogram\n";
  for (const auto& [key, h] : durations_) {
    const std::string labels = "channel=\"" + key.first + "\",transport=\"" + key.second + "\"";
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      out += "atrium_message_send_duration_seconds_bucket{" + labels + ",le=\"" +
             number(kBuckets[i]) + "\"} " + std::to_string(h.counts[i]) + "\n";
    }
    out += "atrium_message_send_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} " +
           std::to_string(h.count) + "\n";
    out += "atrium_message_send_duration_seconds_sum{" + labels + "} " + number(h.sum) + "\n";
    out += "atrium_message_send_duration_seconds_count{" + labels + "} " + std::to_string(h.count) +
           "\n";
  }
  out += "# HELP atrium_outbox_queue_depth Messages pending or being sent.\n";
  out += "# TYPE atrium_outbox_queue_depth gauge\n";
  for (const auto& [channel, n] : depth_) {
    out += "atrium_outbox_queue_depth{channel=\"" + channel + "\"} " + std::to_string(n) + "\n";
  }
}

}  // namespace atrium::host::messaging

#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

namespace atrium::host::messaging {

// The messaging service's Prometheus metrics (docs/operations.md):
//   atrium_messages_enqueued_total{channel}
//   atrium_messages_total{channel,transport,outcome}      outcome: sent | retried | failed
//   atrium_message_send_duration_seconds{channel,transport} (histogram, 1 ms .. 60 s)
//   atrium_outbox_queue_depth{channel}                      pending or being sent
// Labels come from code (channel and transport names), never from users. Thread-safe.
class MessagingMetrics {
 public:
  void recordEnqueued(std::string_view channel);
  void recordDelivery(std::string_view channel, std::string_view transport,
                      std::string_view outcome, double seconds);
  void setQueueDepth(std::string_view channel, int64_t depth);

  uint64_t deliveries(std::string_view channel, std::string_view transport,
                      std::string_view outcome) const;
  uint64_t enqueued(std::string_view channel) const;
  void renderPrometheus(std::string& out) const;

 private:
  static constexpr std::array<double, 10> kBuckets = {0.001, 0.005, 0.01, 0.05, 0.1,
                                                      0.25,  0.5,   1,    5,    60};
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> counts{};
    uint64_t count = 0;
    double sum = 0;
  };
  using Key3 = std::tuple<std::string, std::string, std::string>;
  using Key2 = std::pair<std::string, std::string>;

  mutable std::mutex mutex_;
  std::map<std::string, uint64_t> enqueued_;
  std::map<Key3, uint64_t> deliveries_;
  std::map<Key2, Histogram> durations_;
  std::map<std::string, int64_t> depth_;
};

}  // namespace atrium::host::messaging

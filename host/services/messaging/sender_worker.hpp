#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <random>
#include <thread>

#include "host/common/logger.hpp"
#include "host/config/host_config.hpp"
#include "host/services/messaging/messaging_metrics.hpp"
#include "host/services/messaging/outbox_store.hpp"
#include "host/services/messaging/transport.hpp"

namespace atrium::host::messaging {

// One channel's way out: its transport and its retry policy.
struct ChannelRoute {
  Transport* transport = nullptr;
  config::RetryPolicyConfig retry;
};

// The background thread that delivers the outbox: it claims due messages in batches, hands
// each to its channel's transport and records the outcome (sent; retry later with backoff;
// failed after the last attempt or a permanent refusal). It sleeps poll_interval between
// rounds, or less when wake() is called (a message enqueued by this instance was committed).
//
// Logs (logger host.messaging) carry the message id, channel, transport, attempt and error;
// never the recipient's message text, subject or codes.
class SenderWorker {
 public:
  struct Options {
    std::chrono::milliseconds poll_interval{1000};
    size_t batch_size = 20;
    std::chrono::milliseconds claim_timeout{300000};
  };

  SenderWorker(OutboxStore& store, ChannelRoute mail, ChannelRoute sms, MessagingMetrics& metrics,
               const common::LogSink& sink, Options options);
  ~SenderWorker();  // stop()
  SenderWorker(const SenderWorker&) = delete;
  SenderWorker& operator=(const SenderWorker&) = delete;

  void start();
  // Interrupts a delivery in progress (it is retried later), finishes recording it and joins.
  void stop();
  // Starts the next round now (thread-safe, cheap, never blocks).
  void wake();

  // One round on the calling thread: claims up to batch_size due messages and delivers them.
  // Returns how many were claimed. Throws what the database throws.
  size_t runOnce();

 private:
  void loop();
  void deliver(const ClaimedMessage& claimed);
  void refreshDepth();

  OutboxStore& store_;
  ChannelRoute mail_;
  ChannelRoute sms_;
  MessagingMetrics& metrics_;
  common::Logger logger_;
  Options options_;
  std::mt19937_64 random_;

  std::mutex mutex_;
  std::condition_variable wakeup_;
  bool woken_ = false;
  std::atomic<bool> stopping_{false};
  bool database_down_logged_ = false;
  std::thread thread_;
};

}  // namespace atrium::host::messaging

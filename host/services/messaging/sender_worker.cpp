#include "host/services/messaging/sender_worker.hpp"

#include "host/db/database_error.hpp"
#include "host/services/messaging/retry_policy.hpp"

namespace atrium::host::messaging {

SenderWorker::SenderWorker(OutboxStore& store, ChannelRoute mail, ChannelRoute sms,
                           MessagingMetrics& metrics, const common::LogSink& sink, Options options)
    : store_(store),
      mail_(mail),
      sms_(sms),
      metrics_(metrics),
      logger_(sink, "host.messaging"),
      options_(options),
      random_(std::random_device{}()) {}

SenderWorker::~SenderWorker() { stop(); }

void SenderWorker::start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
}

void SenderWorker::stop() {
  stopping_ = true;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    woken_ = true;
  }
  wakeup_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SenderWorker::wake() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    woken_ = true;
  }
  wakeup_.notify_one();
}

void SenderWorker::loop() {
  while (!stopping_) {
    size_t claimed = 0;
    try {
      claimed = runOnce();
      refreshDepth();
      if (database_down_logged_) {
        logger_.info("outbox reachable again; delivering");
        database_down_logged_ = false;
      }
    } catch (const std::exception& e) {
      // The database is down or a statement failed: try again next round, log once.
      if (!database_down_logged_) {
        logger_.error("outbox round failed; retrying every poll interval", {{"error", e.what()}});
        database_down_logged_ = true;
      }
    }
    if (stopping_) break;
    if (claimed == options_.batch_size) continue;  // more may be due
    std::unique_lock<std::mutex> lock(mutex_);
    wakeup_.wait_for(lock, options_.poll_interval, [this] { return woken_; });
    woken_ = false;
  }
}

size_t SenderWorker::runOnce() {
  const std::vector<ClaimedMessage> batch =
      store_.claimDue(options_.batch_size, Clock::now(), options_.claim_timeout);
  for (const ClaimedMessage& claimed : batch) {
    if (stopping_) {
      // Not attempted: give the attempt back by making it due again at once.
      store_.markRetry(claimed, "", "not attempted: shutting down", Clock::now());
      continue;
    }
    deliver(claimed);
  }
  return batch.size();
}

void SenderWorker::deliver(const ClaimedMessage& claimed) {
  const ChannelRoute& route = claimed.message.channel == Channel::kMail ? mail_ : sms_;
  const std::string_view channel = channelName(claimed.message.channel);
  const std::string_view transport = route.transport->name();
  const auto started = std::chrono::steady_clock::now();
  DeliveryResult result;
  try {
    result = route.transport->deliver(claimed.id, claimed.message, stopping_);
  } catch (const std::exception& e) {
    result = DeliveryResult::retry(std::string(transport) + ": " + e.what());
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  nlohmann::json fields = {{"message_id", claimed.id},
                           {"channel", channel},
                           {"transport", transport},
                           {"attempt", claimed.attempts},
                           {"duration_ms", static_cast<int64_t>(seconds * 1000)}};
  if (!claimed.message.template_id.empty()) fields["template"] = claimed.message.template_id;
  if (result.outcome == DeliveryOutcome::kSent) {
    store_.markSent(claimed, transport, result.provider_id, Clock::now());
    metrics_.recordDelivery(channel, transport, "sent", seconds);
    logger_.info("message sent", fields);
    return;
  }
  fields["error"] = result.error;
  if (result.outcome == DeliveryOutcome::kRetry && mayRetry(route.retry, claimed.attempts)) {
    const auto delay = backoffDelay(route.retry, claimed.attempts,
                                    std::uniform_real_distribution<double>(0.0, 1.0)(random_));
    store_.markRetry(claimed, transport, result.error, Clock::now() + delay);
    metrics_.recordDelivery(channel, transport, "retried", seconds);
    fields["retry_in_ms"] = delay.count();
    logger_.warn("message delivery failed; will retry", fields);
    return;
  }
  store_.markFailed(claimed, transport, result.error);
  metrics_.recordDelivery(channel, transport, "failed", seconds);
  fields["permanent"] = result.outcome == DeliveryOutcome::kPermanent;
  logger_.error("message delivery failed for good", fields);
}

void SenderWorker::refreshDepth() {
  for (const auto& [channel, depth] : store_.queueDepth()) metrics_.setQueueDepth(channel, depth);
}

}  // namespace atrium::host::messaging

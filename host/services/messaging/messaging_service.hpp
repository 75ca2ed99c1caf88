#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "host/common/logger.hpp"
#include "host/config/host_config.hpp"
#include "host/db/database.hpp"
#include "host/db/transaction_stack.hpp"
#include "host/services/messaging/messaging_metrics.hpp"
#include "host/services/messaging/outbox_message.hpp"
#include "host/services/messaging/outbox_store.hpp"
#include "host/services/messaging/sender_worker.hpp"
#include "host/services/messaging/transport.hpp"

namespace atrium::host::messaging {

struct MessagingSettings {
  config::MailConfig mail;
  config::SmsConfig sms;
  config::OutboxConfig outbox;
  std::string product;
};

// The mail and SMS service the host hands to plugins and scripts (docs/messaging.md): the
// outbox, the transports chosen in the config and the sender worker. Thread-safe.
class MessagingService {
 public:
  // Builds the transports (throws std::invalid_argument for a bad mail.from). `database` and
  // `sink` must outlive the service.
  MessagingService(MessagingSettings settings, db::Database& database, const common::LogSink& sink);
  ~MessagingService();  // stop()
  MessagingService(const MessagingService&) = delete;
  MessagingService& operator=(const MessagingService&) = delete;

  // Validates `message` and writes it to the outbox. With `tx` (the caller's open
  // transaction), the message exists only if that transaction commits, and its commit wakes
  // the worker; without, it is committed at once. `product` is filled in when empty. Returns
  // the outbox id. Throws InvalidMessage, db::QueryError, db::DatabaseUnavailable.
  int64_t enqueue(OutboxMessage message, db::TransactionStack* tx, std::string_view request_id);

  // Starts the sender worker (unless outbox.worker is false).
  void start();
  // Stops the worker: a delivery in progress is interrupted and retried later.
  void stop();

  OutboxStore& store() { return store_; }
  MessagingMetrics& metrics() { return metrics_; }
  SenderWorker* worker() { return worker_.get(); }
  void renderPrometheus(std::string& out) const;

 private:
  MessagingSettings settings_;
  OutboxStore store_;
  MessagingMetrics metrics_;
  common::Logger logger_;
  std::unique_ptr<Transport> mail_transport_;
  std::unique_ptr<Transport> sms_transport_;
  std::unique_ptr<SenderWorker> worker_;
};

// The transports the config chooses (smtp/file for mail, twilio/file for sms).
std::unique_ptr<Transport> makeMailTransport(const config::MailConfig& mail);
std::unique_ptr<Transport> makeSmsTransport(const config::SmsConfig& sms);

}  // namespace atrium::host::messaging

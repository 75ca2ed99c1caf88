#include "host/services/messaging/messaging_service.hpp"

#include "host/services/messaging/file_transport.hpp"
#include "host/services/messaging/smtp_transport.hpp"
#include "host/services/messaging/twilio_transport.hpp"

namespace atrium::host::messaging {

std::unique_ptr<Transport> makeMailTransport(const config::MailConfig& mail) {
  if (mail.transport == config::MailTransportKind::kSmtp) {
    return std::make_unique<SmtpTransport>(mail.smtp, mail.from);
  }
  parseMailbox(mail.from);  // the same check as smtp: a bad From fails at start
  return std::make_unique<FileTransport>(mail.file);
}

std::unique_ptr<Transport> makeSmsTransport(const config::SmsConfig& sms) {
  if (sms.transport == config::SmsTransportKind::kTwilio) {
    return std::make_unique<TwilioTransport>(sms.twilio, sms.from);
  }
  return std::make_unique<FileTransport>(sms.file);
}

MessagingService::MessagingService(MessagingSettings settings, db::Database& database,
                                   const common::LogSink& sink)
    : settings_(std::move(settings)),
      store_(database),
      logger_(sink, "host.messaging"),
      mail_transport_(makeMailTransport(settings_.mail)),
      sms_transport_(makeSmsTransport(settings_.sms)) {
  worker_ = std::make_unique<SenderWorker>(
      store_, ChannelRoute{mail_transport_.get(), settings_.mail.retry},
      ChannelRoute{sms_transport_.get(), settings_.sms.retry}, metrics_, sink,
      SenderWorker::Options{.poll_interval = settings_.outbox.poll_interval,
                            .batch_size = settings_.outbox.batch_size,
                            .claim_timeout = settings_.outbox.claim_timeout});
}

MessagingService::~MessagingService() { stop(); }

int64_t MessagingService::enqueue(OutboxMessage message, db::TransactionStack* tx,
                                  std::string_view request_id) {
  if (message.product.empty()) message.product = settings_.product;
  validateMessage(message);
  const int64_t id = store_.enqueue(message, tx, request_id, Clock::now());
  metrics_.recordEnqueued(channelName(message.channel));
  logger_.log(common::LogLevel::kDebug, "message enqueued", request_id,
              {{"message_id", id},
               {"channel", channelName(message.channel)},
               {"source", message.source},
               {"template", message.template_id}});
  SenderWorker* worker = worker_.get();
  if (tx != nullptr) {
    tx->afterCommit([worker] { worker->wake(); });
  } else {
    worker->wake();
  }
  return id;
}

void MessagingService::start() {
  if (!settings_.outbox.worker) {
    logger_.info("sender worker off in this instance (outbox.worker: false)");
    return;
  }
  worker_->start();
  logger_.info("sender worker started",
               {{"mail_transport", mail_transport_->name()},
                {"sms_transport", sms_transport_->name()},
                {"poll_interval_ms", settings_.outbox.poll_interval.count()}});
}

void MessagingService::stop() {
  if (worker_) worker_->stop();
}

void MessagingService::renderPrometheus(std::string& out) const { metrics_.renderPrometheus(out); }

}  // namespace atrium::host::messaging

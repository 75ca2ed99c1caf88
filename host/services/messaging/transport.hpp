#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "host/services/messaging/outbox_message.hpp"

namespace atrium::host::messaging {

enum class DeliveryOutcome {
  kSent,       // the provider accepted it
  kRetry,      // a failure that may pass (network, timeout, 4xx SMTP, 429/5xx HTTP)
  kPermanent,  // it will never be accepted (bad recipient, 5xx SMTP, 4xx HTTP)
};

struct DeliveryResult {
  DeliveryOutcome outcome = DeliveryOutcome::kSent;
  // Why it failed, one line for the outbox's last_error and the log: the provider's answer or
  // the network error. Never a credential, never the message body.
  std::string error;
  std::string provider_id;  // the provider's id for the message, when it gives one

  static DeliveryResult sent(std::string provider_id = {}) {
    return {DeliveryOutcome::kSent, {}, std::move(provider_id)};
  }
  static DeliveryResult retry(std::string error) {
    return {DeliveryOutcome::kRetry, std::move(error), {}};
  }
  static DeliveryResult permanent(std::string error) {
    return {DeliveryOutcome::kPermanent, std::move(error), {}};
  }
};

// Delivers one message to a provider. Called from the sender worker's thread only, one message
// at a time; `cancel` turns true at shutdown (a transport that can, aborts and answers kRetry).
class Transport {
 public:
  virtual ~Transport() = default;
  // "smtp", "twilio", "file": the metrics label and the outbox's transport column.
  virtual std::string_view name() const = 0;
  virtual DeliveryResult deliver(int64_t id, const OutboxMessage& message,
                                 const std::atomic<bool>& cancel) = 0;
};

}  // namespace atrium::host::messaging

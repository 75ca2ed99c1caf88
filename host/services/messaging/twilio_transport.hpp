#pragma once

#include "host/config/host_config.hpp"
#include "host/services/messaging/transport.hpp"

namespace atrium::host::messaging {

// SMS through Twilio's REST API (or any server speaking its format):
// POST {base_url}/2010-04-01/Accounts/{account_sid}/Messages.json with the form fields To, From
// and Body, HTTP basic auth account_sid:auth_token.
//
// Outcome: 2xx -> kSent (provider id = the answer's "sid"); 429 and 5xx -> kRetry; any other
// status -> kPermanent with Twilio's error code and message ("twilio error 21211: ... (HTTP
// 400)"); network errors and timeouts -> kRetry.
class TwilioTransport : public Transport {
 public:
  TwilioTransport(config::TwilioConfig config, std::string from);

  std::string_view name() const override { return "twilio"; }
  DeliveryResult deliver(int64_t id, const OutboxMessage& message,
                         const std::atomic<bool>& cancel) override;

  // The URL messages are posted to.
  std::string endpoint() const;

 private:
  config::TwilioConfig config_;
  std::string from_;
};

// Interprets a Twilio answer (exposed for tests).
DeliveryResult twilioOutcome(long status, const std::string& body);

}  // namespace atrium::host::messaging

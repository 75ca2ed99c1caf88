#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "host/config/host_config.hpp"
#include "host/services/messaging/mail_composer.hpp"
#include "host/services/messaging/transport.hpp"

namespace atrium::host::messaging {

// SMTP through libcurl: smtp:// with STARTTLS (required, optional or off) or smtps://, AUTH
// with mail.smtp.username/password (PLAIN or LOGIN, as the server offers), the server's
// certificate verified (mail.smtp.ca_file or the system store).
//
// Outcome: accepted -> kSent; a 5xx reply (unknown mailbox, message refused) -> kPermanent;
// everything else -> kRetry: 4xx replies, network errors, timeouts, TLS failures, and a refused
// AUTH (a wrong secret is fixed by an operator; the messages wait for that).
class SmtpTransport : public Transport {
 public:
  // Throws std::invalid_argument when mail.from is not a valid mailbox.
  SmtpTransport(config::SmtpConfig config, const std::string& from);

  std::string_view name() const override { return "smtp"; }
  DeliveryResult deliver(int64_t id, const OutboxMessage& message,
                         const std::atomic<bool>& cancel) override;

  // The bytes sent after DATA (for tests and diagnostics).
  std::string compose(int64_t id, const OutboxMessage& message,
                      std::chrono::system_clock::time_point now) const;

 private:
  config::SmtpConfig config_;
  Mailbox from_;
};

// 32 random hex characters (message ids, MIME boundaries, claim tokens).
std::string randomHex(size_t bytes = 16);

}  // namespace atrium::host::messaging

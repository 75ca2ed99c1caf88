#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace atrium::host::messaging {

enum class Channel { kMail, kSms };

// "mail" or "sms" (the outbox's channel column and the metrics label).
std::string_view channelName(Channel channel);

// One message to send. Mail uses subject, text and/or html; SMS uses text only.
struct OutboxMessage {
  Channel channel = Channel::kMail;
  std::string recipient;  // an e-mail address, or an E.164 number for SMS
  std::string subject;
  std::string text;
  std::string html;
  std::string product;          // the product that sent it (config `product`)
  std::string template_id;      // the message script it was rendered from, when it was
  std::string source;           // who enqueued it: "plugin.accounts", "lua.kaya/routes/x"
  std::string idempotency_key;  // empty: none; otherwise a second enqueue is the same message
};

// Size limits; a message over one is refused when it is enqueued.
inline constexpr size_t kMaxRecipientBytes = 254;
inline constexpr size_t kMaxSubjectBytes = 998;
inline constexpr size_t kMaxMailBodyBytes = 512 * 1024;  // text and html each
inline constexpr size_t kMaxSmsBodyBytes = 1600;         // Twilio's limit
inline constexpr size_t kMaxLabelBytes = 200;            // template id, idempotency key

// A message refused before it was stored. The text names the field and the rule, never the
// content (it may be a one-time code).
class InvalidMessage : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Throws InvalidMessage: recipient not an address (mail) or not E.164 (sms), a header field
// holding CR, LF or NUL, a mail with neither text nor html, an SMS without text, an SMS with a
// subject or html, invalid UTF-8, anything over its limit.
void validateMessage(const OutboxMessage& message);

// local@domain: printable ASCII without spaces or specials in the local part, dot-separated
// [A-Za-z0-9-] labels in the domain; no display name, no comments. At most 254 bytes.
bool isValidEmailAddress(std::string_view address);
// "+" then 7 to 15 digits, the first not 0.
bool isValidE164(std::string_view number);
bool isValidUtf8(std::string_view text);

}  // namespace atrium::host::messaging

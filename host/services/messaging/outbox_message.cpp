#include "host/services/messaging/outbox_message.hpp"

#include <string>

namespace atrium::host::messaging {
namespace {

bool hasLineBreakOrNul(std::string_view text) {
  return text.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

void requireAtMost(std::string_view field, std::string_view value, size_t limit) {
  if (value.size() > limit) {
    throw InvalidMessage(std::string(field) + " is too long (" + std::to_string(value.size()) +
                         " bytes, at most " + std::to_string(limit) + ")");
  }
}

void requireUtf8(std::string_view field, std::string_view value) {
  if (!isValidUtf8(value)) throw InvalidMessage(std::string(field) + " is not valid UTF-8");
  if (value.find('\0') != std::string_view::npos) {
    throw InvalidMessage(std::string(field) + " contains a NUL byte");
  }
}

bool isLocalPartChar(char c) {
  if (c >= 'a' && c <= 'z') return true;
  if (c >= 'A' && c <= 'Z') return true;
  if (c >= '0' && c <= '9') return true;
  return std::string_view("!#$%&'*+-/=?^_`{|}~.").find(c) != std::string_view::npos;
}

bool isDomainLabel(std::string_view label) {
  if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
    return false;
  }
  for (char c : label) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string_view channelName(Channel channel) { return channel == Channel::kMail ? "mail" : "sms"; }

bool isValidEmailAddress(std::string_view address) {
  if (address.empty() || address.size() > kMaxRecipientBytes) return false;
  const size_t at = address.rfind('@');
  if (at == std::string_view::npos || at == 0 || at > 64) return false;
  const std::string_view local = address.substr(0, at);
  const std::string_view domain = address.substr(at + 1);
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    return false;
  }
  for (char c : local) {
    if (!isLocalPartChar(c)) return false;
  }
  if (domain.empty() || domain.size() > 253) return false;
  size_t start = 0;
  size_t labels = 0;
  for (;;) {
    const size_t dot = domain.find('.', start);
    const std::string_view label = domain.substr(start, dot - start);
    if (!isDomainLabel(label)) return false;
    ++labels;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return labels >= 1;
}

bool isValidE164(std::string_view number) {
  if (number.size() < 8 || number.size() > 16 || number[0] != '+' || number[1] == '0') {
    return false;
  }
  for (size_t i = 1; i < number.size(); ++i) {
    if (number[i] < '0' || number[i] > '9') return false;
  }
  return true;
}

bool isValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    size_t extra = 0;
    uint32_t code = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      code = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      code = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      code = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= text.size()) return false;
    for (size_t k = 1; k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      code = (code << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and code points past U+10FFFF.
    if ((extra == 1 && code < 0x80) || (extra == 2 && code < 0x800) ||
        (extra == 3 && code < 0x10000) || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

void validateMessage(const OutboxMessage& message) {
  if (message.channel == Channel::kMail) {
    if (!isValidEmailAddress(message.recipient)) {
      throw InvalidMessage("to is not a valid e-mail address (local@domain, at most 254 bytes)");
    }
    if (message.subject.empty()) throw InvalidMessage("subject is required");
    if (hasLineBreakOrNul(message.subject)) {
      throw InvalidMessage("subject must not contain CR, LF or NUL");
    }
    requireAtMost("subject", message.subject, kMaxSubjectBytes);
    requireUtf8("subject", message.subject);
    if (message.text.empty() && message.html.empty()) {
      throw InvalidMessage("a mail needs text or html (or both)");
    }
    requireAtMost("text", message.text, kMaxMailBodyBytes);
    requireAtMost("html", message.html, kMaxMailBodyBytes);
    requireUtf8("text", message.text);
    requireUtf8("html", message.html);
  } else {
    if (!isValidE164(message.recipient)) {
      throw InvalidMessage("to is not an E.164 phone number (+ and 7 to 15 digits)");
    }
    if (!message.subject.empty() || !message.html.empty()) {
      throw InvalidMessage("an SMS has a body only (no subject, no html)");
    }
    if (message.text.empty()) throw InvalidMessage("body is required");
    requireAtMost("body", message.text, kMaxSmsBodyBytes);
    requireUtf8("body", message.text);
  }
  for (const auto& [field, value] :
       {std::pair<const char*, const std::string&>{"template", message.template_id},
        {"idempotency_key", message.idempotency_key},
        {"product", message.product},
        {"source", message.source}}) {
    requireAtMost(field, value, kMaxLabelBytes);
    requireUtf8(field, value);
    if (hasLineBreakOrNul(value)) {
      throw InvalidMessage(std::string(field) + " must not contain CR, LF or NUL");
    }
  }
}

}  // namespace atrium::host::messaging

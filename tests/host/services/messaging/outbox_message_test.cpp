#include "host/services/messaging/outbox_message.hpp"

#include <gtest/gtest.h>

namespace atrium::host::messaging {
namespace {

OutboxMessage mail() {
  OutboxMessage m;
  m.channel = Channel::kMail;
  m.recipient = "ada@example.com";
  m.subject = "Your code";
  m.text = "123456";
  return m;
}

OutboxMessage sms() {
  OutboxMessage m;
  m.channel = Channel::kSms;
  m.recipient = "+15005550006";
  m.text = "Your code is 123456";
  return m;
}

std::string refusal(const OutboxMessage& m) {
  try {
    validateMessage(m);
  } catch (const InvalidMessage& e) {
    return e.what();
  }
  return "";
}

TEST(OutboxMessageTest, EmailAddresses) {
  for (const char* ok : {"a@b", "ada.lovelace+tag@mail.example.co.uk", "x_y-z@sub-domain.io",
                         "o'brien@example.com"}) {
    EXPECT_TRUE(isValidEmailAddress(ok)) << ok;
  }
  for (const char* bad :
       {"", "plain", "@example.com", "a@", "a@@b", "a b@example.com", "a@exa mple.com",
        "a@example..com", ".a@example.com", "a.@example.com", "a..b@example.com", "a@-example.com",
        "Ada <ada@example.com>", "a@example.com\r\nBcc: x@y.z", "a@example.com,b@example.com",
        "a\"b@example.com", "ä@example.com"}) {
    EXPECT_FALSE(isValidEmailAddress(bad)) << bad;
  }
  EXPECT_FALSE(isValidEmailAddress(std::string(65, 'a') + "@example.com"));
  EXPECT_FALSE(isValidEmailAddress("a@" + std::string(250, 'b') + ".com"));
}

TEST(OutboxMessageTest, E164Numbers) {
  EXPECT_TRUE(isValidE164("+15005550006"));
  EXPECT_TRUE(isValidE164("+998901234567"));
  EXPECT_TRUE(isValidE164("+1234567"));
  for (const char* bad : {"", "15005550006", "+0123456789", "+1 500 555 0006", "+123456",
                          "+1234567890123456", "+1500555000a", "+"}) {
    EXPECT_FALSE(isValidE164(bad)) << bad;
  }
}

TEST(OutboxMessageTest, Utf8) {
  EXPECT_TRUE(isValidUtf8("plain"));
  EXPECT_TRUE(isValidUtf8("Hölle – 你好 🎉"));
  EXPECT_FALSE(isValidUtf8("\xC3"));          // truncated
  EXPECT_FALSE(isValidUtf8("\xC0\xAF"));      // overlong
  EXPECT_FALSE(isValidUtf8("\xED\xA0\x80"));  // surrogate
  EXPECT_FALSE(isValidUtf8("\xFF"));
}

TEST(OutboxMessageTest, AcceptsWellFormedMessages) {
  EXPECT_NO_THROW(validateMessage(mail()));
  OutboxMessage html_only = mail();
  html_only.text.clear();
  html_only.html = "<p>hi</p>";
  EXPECT_NO_THROW(validateMessage(html_only));
  EXPECT_NO_THROW(validateMessage(sms()));
}

TEST(OutboxMessageTest, RefusesHeaderInjectionAndBadFieldsWithoutEchoingThem) {
  OutboxMessage m = mail();
  m.subject = "Hello\r\nBcc: victim@example.com";
  EXPECT_EQ(refusal(m), "subject must not contain CR, LF or NUL");
  m = mail();
  m.subject = "Hello\nX: y";
  EXPECT_EQ(refusal(m), "subject must not contain CR, LF or NUL");
  m = mail();
  m.recipient = "ada@example.com\r\nBcc: victim@example.com";
  EXPECT_EQ(refusal(m), "to is not a valid e-mail address (local@domain, at most 254 bytes)");
  m = mail();
  m.subject.clear();
  EXPECT_EQ(refusal(m), "subject is required");
  m = mail();
  m.text.clear();
  EXPECT_EQ(refusal(m), "a mail needs text or html (or both)");
  m = mail();
  m.text = std::string(kMaxMailBodyBytes + 1, 'x');
  EXPECT_EQ(refusal(m), "text is too long (524289 bytes, at most 524288)");
  m = mail();
  m.subject = "secret-code \xFF";
  EXPECT_EQ(refusal(m), "subject is not valid UTF-8");
  m = mail();
  m.idempotency_key = "a\nb";
  EXPECT_EQ(refusal(m), "idempotency_key must not contain CR, LF or NUL");
}

TEST(OutboxMessageTest, RefusesBadSms) {
  OutboxMessage m = sms();
  m.recipient = "0900";
  EXPECT_EQ(refusal(m), "to is not an E.164 phone number (+ and 7 to 15 digits)");
  m = sms();
  m.text.clear();
  EXPECT_EQ(refusal(m), "body is required");
  m = sms();
  m.text = std::string(1601, 'x');
  EXPECT_EQ(refusal(m), "body is too long (1601 bytes, at most 1600)");
  m = sms();
  m.subject = "no";
  EXPECT_EQ(refusal(m), "an SMS has a body only (no subject, no html)");
}

}  // namespace
}  // namespace atrium::host::messaging

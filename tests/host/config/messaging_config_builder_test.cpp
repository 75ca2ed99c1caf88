// The `mail:`, `sms:` and `outbox:` blocks (host/config/messaging_config_builder.cpp).
#include <map>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "tests/host/config/config_load_fixture.hpp"

namespace atrium::host::config {
namespace {

using std::chrono::milliseconds;

class MessagingConfigBuilderTest : public testing::ConfigLoadTest {};

TEST_F(MessagingConfigBuilderTest, DefaultsAreTheDevelopmentFileTransports) {
  const HostConfig config = load("product: kaya\n");
  EXPECT_EQ(config.mail.transport, MailTransportKind::kFile);
  EXPECT_EQ(config.mail.file, "var/outbox/mail.jsonl");
  EXPECT_EQ(config.mail.from, "Atrium <no-reply@localhost>");
  EXPECT_EQ(config.mail.smtp.starttls, TlsMode::kRequired);
  EXPECT_EQ(config.mail.retry.max_attempts, 8);
  EXPECT_EQ(config.mail.retry.initial_delay, milliseconds(30000));
  EXPECT_EQ(config.mail.retry.max_delay, milliseconds(3600000));
  EXPECT_EQ(config.sms.transport, SmsTransportKind::kFile);
  EXPECT_EQ(config.sms.file, "var/outbox/sms.jsonl");
  EXPECT_EQ(config.sms.twilio.base_url, "https://api.twilio.com");
  EXPECT_EQ(config.sms.retry.max_attempts, 5);
  EXPECT_TRUE(config.outbox.worker);
  EXPECT_EQ(config.outbox.poll_interval, milliseconds(1000));
  EXPECT_EQ(config.outbox.batch_size, 20u);
  EXPECT_EQ(config.outbox.claim_timeout, milliseconds(300000));
}

TEST_F(MessagingConfigBuilderTest, EveryKeyWithSecretsFromTheEnvironment) {
  env_ = {{"SMTP_PASSWORD", "pw"}, {"TWILIO_TOKEN", "tok"}};
  const HostConfig config = load(R"(mail:
  transport: smtp
  from: "Kaya <hi@kaya.app>"
  smtp:
    url: "smtps://smtp.example.com:465"
    starttls: optional
    username: mailer
    password: "${SMTP_PASSWORD}"
    ca_file: certs/ca.pem
    helo_name: kaya.app
    connect_timeout: 3s
    timeout: 20s
  retry: {max_attempts: 3, initial_delay: 1s, max_delay: 10s}
sms:
  transport: twilio
  from: "+15005550006"
  twilio:
    base_url: "http://127.0.0.1:9999/"
    account_sid: AC1
    auth_token: "${TWILIO_TOKEN}"
    timeout: 5s
outbox:
  worker: false
  poll_interval: 250ms
  batch_size: 50
  claim_timeout: 2m
)");
  EXPECT_EQ(config.mail.transport, MailTransportKind::kSmtp);
  EXPECT_EQ(config.mail.smtp.url, "smtps://smtp.example.com:465");
  EXPECT_EQ(config.mail.smtp.starttls, TlsMode::kOptional);
  EXPECT_EQ(config.mail.smtp.password, "pw");
  EXPECT_EQ(config.mail.smtp.ca_file, dir_.path() + "/config/certs/ca.pem");
  EXPECT_EQ(config.mail.smtp.timeout, milliseconds(20000));
  EXPECT_EQ(config.mail.retry.max_attempts, 3);
  EXPECT_EQ(config.sms.twilio.base_url, "http://127.0.0.1:9999");
  EXPECT_EQ(config.sms.twilio.auth_token, "tok");
  EXPECT_FALSE(config.outbox.worker);
  EXPECT_EQ(config.outbox.batch_size, 50u);
  EXPECT_EQ(config.outbox.claim_timeout, milliseconds(120000));
}

TEST_F(MessagingConfigBuilderTest, LiteralSecretsAreRefusedWithoutShowingThem) {
  const std::string error = errorOf(R"(mail:
  smtp:
    username: mailer
    password: hunter2
sms:
  twilio:
    auth_token: "abc123"
)");
  EXPECT_NE(error.find("app.yaml:4:15: mail.smtp.password: a secret must come from the "
                       "environment: write it as ${VARIABLE}, never literally"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("sms.twilio.auth_token: a secret must come from the environment"),
            std::string::npos)
      << error;
  EXPECT_EQ(error.find("hunter2"), std::string::npos);
  EXPECT_EQ(error.find("abc123"), std::string::npos);
}

TEST_F(MessagingConfigBuilderTest, TwilioNeedsItsSettings) {
  const std::string error = errorOf("sms:\n  transport: twilio\n");
  EXPECT_NE(error.find("sms.from: the twilio transport needs it"), std::string::npos) << error;
  EXPECT_NE(error.find("sms.twilio.account_sid: the twilio transport needs it"), std::string::npos);
  EXPECT_NE(error.find("sms.twilio.auth_token: the twilio transport needs it"), std::string::npos);
}

TEST_F(MessagingConfigBuilderTest, RefusesBadValues) {
  EXPECT_NE(errorOf("mail:\n  transport: sendmail\n").find("mail.transport"), std::string::npos);
  EXPECT_NE(errorOf("mail:\n  smtp: {url: \"http://x\"}\n").find("mail.smtp.url"),
            std::string::npos);
  EXPECT_NE(errorOf("mail:\n  smtp: {url: \"smtp://user:pw@x\"}\n").find("mail.smtp.url"),
            std::string::npos);
  EXPECT_NE(errorOf("mail:\n  retry: {max_attempts: 0}\n").find("mail.retry.max_attempts"),
            std::string::npos);
  EXPECT_NE(errorOf("outbox:\n  surprise: 1\n").find("outbox.surprise"), std::string::npos);
  env_ = {{"P", "x"}};
  EXPECT_NE(errorOf("mail:\n  smtp: {password: \"${P}\"}\n")
                .find("mail.smtp.username: a password is set but no username"),
            std::string::npos);
}

}  // namespace
}  // namespace atrium::host::config

#include "host/services/messaging/smtp_transport.hpp"

#include <gtest/gtest.h>

#include "tests/support/smtp_test_server.hpp"
#include "tests/support/temp_dir.hpp"

namespace atrium::host::messaging {
namespace {

using namespace std::chrono_literals;
using atrium::testing::SmtpMode;
using atrium::testing::SmtpTestServer;
using atrium::testing::SmtpTestServerOptions;

OutboxMessage mail() {
  OutboxMessage m;
  m.recipient = "ada@example.com";
  m.subject = "Код подтверждения";
  m.text = "Your code is 123456.";
  m.html = "<p>Your code is <b>123456</b>.</p>";
  return m;
}

config::SmtpConfig plain(const SmtpTestServer& server) {
  config::SmtpConfig c;
  c.url = server.url();
  c.starttls = config::TlsMode::kOff;
  c.connect_timeout = 2s;
  c.timeout = 3s;
  return c;
}

class SmtpTransportTest : public ::testing::Test {
 protected:
  std::atomic<bool> cancel_{false};
};

TEST_F(SmtpTransportTest, DeliversAProperMessage) {
  SmtpTestServer server;
  SmtpTransport transport(plain(server), "Kaya <no-reply@kaya.app>");
  const DeliveryResult result = transport.deliver(7, mail(), cancel_);
  ASSERT_EQ(result.outcome, DeliveryOutcome::kSent) << result.error;
  ASSERT_TRUE(server.waitForMessages(1));
  const auto got = server.received()[0];
  EXPECT_EQ(got.mail_from, "no-reply@kaya.app");
  ASSERT_EQ(got.rcpt_to.size(), 1u);
  EXPECT_EQ(got.rcpt_to[0], "ada@example.com");
  EXPECT_FALSE(got.tls);
  EXPECT_NE(got.data.find("From: \"Kaya\" <no-reply@kaya.app>\r\n"), std::string::npos);
  EXPECT_NE(got.data.find("To: ada@example.com\r\n"), std::string::npos);
  EXPECT_NE(got.data.find("Subject: =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(got.data.find("Message-ID: <7."), std::string::npos);
  EXPECT_NE(got.data.find("@kaya.app>\r\n"), std::string::npos);
  EXPECT_NE(got.data.find("Date: "), std::string::npos);
  EXPECT_NE(got.data.find("multipart/alternative"), std::string::npos);
  EXPECT_NE(got.data.find("Your code is 123456."), std::string::npos);
}

TEST_F(SmtpTransportTest, SendsTheConfiguredEhloName) {
  SmtpTestServer server;
  config::SmtpConfig c = plain(server);
  c.helo_name = "mail.kaya.app";
  SmtpTransport transport(c, "no-reply@kaya.app");
  ASSERT_EQ(transport.deliver(1, mail(), cancel_).outcome, DeliveryOutcome::kSent);
  EXPECT_EQ(server.received()[0].helo, "mail.kaya.app");
}

TEST_F(SmtpTransportTest, AuthenticatesWithTheConfiguredCredentials) {
  SmtpTestServer server(SmtpTestServerOptions{.user = "mailer", .password = "s3cret:pa ss"});
  config::SmtpConfig c = plain(server);
  c.username = "mailer";
  c.password = "s3cret:pa ss";
  SmtpTransport transport(c, "no-reply@kaya.app");
  const DeliveryResult result = transport.deliver(1, mail(), cancel_);
  ASSERT_EQ(result.outcome, DeliveryOutcome::kSent) << result.error;
  const auto got = server.received()[0];
  EXPECT_EQ(got.auth_user, "mailer");
  EXPECT_EQ(got.auth_password, "s3cret:pa ss");
}

TEST_F(SmtpTransportTest, AWrongPasswordIsRetriedAndNeverReported) {
  SmtpTestServer server(SmtpTestServerOptions{.user = "mailer", .password = "right"});
  config::SmtpConfig c = plain(server);
  c.username = "mailer";
  c.password = "wrong-secret-value";
  SmtpTransport transport(c, "no-reply@kaya.app");
  const DeliveryResult result = transport.deliver(1, mail(), cancel_);
  EXPECT_EQ(result.outcome, DeliveryOutcome::kRetry);
  EXPECT_EQ(result.error.find("wrong-secret-value"), std::string::npos) << result.error;
  EXPECT_TRUE(server.received().empty());
}

TEST_F(SmtpTransportTest, StartTlsWithTheServersCertificate) {
  atrium::testing::TempDir dir("atrium-smtp-tls");
  atrium::testing::makeSelfSignedCertificate(dir.path());
  SmtpTestServer server(SmtpTestServerOptions{.cert_file = dir / "cert.pem",
                                              .key_file = dir / "key.pem",
                                              .user = "mailer",
                                              .password = "pw"});
  config::SmtpConfig c = plain(server);
  c.starttls = config::TlsMode::kRequired;
  c.ca_file = (dir / "cert.pem").string();
  c.username = "mailer";
  c.password = "pw";
  SmtpTransport transport(c, "no-reply@kaya.app");
  const DeliveryResult result = transport.deliver(1, mail(), cancel_);
  ASSERT_EQ(result.outcome, DeliveryOutcome::kSent) << result.error;
  const auto got = server.received()[0];
  EXPECT_TRUE(got.tls);
  EXPECT_EQ(got.auth_user, "mailer");
}

TEST_F(SmtpTransportTest, SmtpsIsTlsFromTheFirstByte) {
  atrium::testing::TempDir dir("atrium-smtps");
  atrium::testing::makeSelfSignedCertificate(dir.path());
  SmtpTestServerOptions options;
  options.cert_file = dir / "cert.pem";
  options.key_file = dir / "key.pem";
  options.implicit_tls = true;
  SmtpTestServer server(options);
  config::SmtpConfig c = plain(server);
  EXPECT_EQ(c.url.rfind("smtps://", 0), 0u);
  c.ca_file = (dir / "cert.pem").string();
  SmtpTransport transport(c, "no-reply@kaya.app");
  const DeliveryResult result = transport.deliver(1, mail(), cancel_);
  ASSERT_EQ(result.outcome, DeliveryOutcome::kSent) << result.error;
  EXPECT_TRUE(server.received()[0].tls);
  // Without trusting the certificate nothing is sent.
  c.ca_file.clear();
  SmtpTransport untrusting(c, "no-reply@kaya.app");
  EXPECT_EQ(untrusting.deliver(2, mail(), cancel_).outcome, DeliveryOutcome::kRetry);
  EXPECT_EQ(server.received().size(), 1u);
}

TEST_F(SmtpTransportTest, StartTlsRefusesAnUntrustedCertificate) {
  atrium::testing::TempDir dir("atrium-smtp-tls");
  atrium::testing::makeSelfSignedCertificate(dir.path());
  SmtpTestServer server(
      SmtpTestServerOptions{.cert_file = dir / "cert.pem", .key_file = dir / "key.pem"});
  config::SmtpConfig c = plain(server);
  c.starttls = config::TlsMode::kRequired;  // system CA store: the self-signed cert fails
  SmtpTransport transport(c, "no-reply@kaya.app");
  EXPECT_EQ(transport.deliver(1, mail(), cancel_).outcome, DeliveryOutcome::kRetry);
  EXPECT_TRUE(server.received().empty());
}

TEST_F(SmtpTransportTest, RequiredStartTlsIsNotSkippedWhenTheServerLacksIt) {
  SmtpTestServer server;  // no STARTTLS offered
  config::SmtpConfig c = plain(server);
  c.starttls = config::TlsMode::kRequired;
  SmtpTransport transport(c, "no-reply@kaya.app");
  const DeliveryResult result = transport.deliver(1, mail(), cancel_);
  EXPECT_EQ(result.outcome, DeliveryOutcome::kRetry);
  EXPECT_TRUE(server.received().empty());
  c.starttls = config::TlsMode::kOptional;  // optional: sends in clear
  SmtpTransport optional(c, "no-reply@kaya.app");
  EXPECT_EQ(optional.deliver(2, mail(), cancel_).outcome, DeliveryOutcome::kSent);
}

TEST_F(SmtpTransportTest, ClassifiesRefusals) {
  SmtpTestServer server;
  SmtpTransport transport(plain(server), "no-reply@kaya.app");
  server.setMode(SmtpMode::kPermFail);
  DeliveryResult result = transport.deliver(1, mail(), cancel_);
  EXPECT_EQ(result.outcome, DeliveryOutcome::kPermanent);
  EXPECT_NE(result.error.find("550"), std::string::npos) << result.error;
  server.setMode(SmtpMode::kTempFail);
  result = transport.deliver(1, mail(), cancel_);
  EXPECT_EQ(result.outcome, DeliveryOutcome::kRetry);
  EXPECT_NE(result.error.find("451"), std::string::npos) << result.error;
  EXPECT_TRUE(server.received().empty());
}

TEST_F(SmtpTransportTest, AServerThatHangsTimesOut) {
  SmtpTestServer server;
  server.setMode(SmtpMode::kHang);
  config::SmtpConfig c = plain(server);
  c.timeout = 500ms;
  SmtpTransport transport(c, "no-reply@kaya.app");
  const auto started = std::chrono::steady_clock::now();
  const DeliveryResult result = transport.deliver(1, mail(), cancel_);
  EXPECT_EQ(result.outcome, DeliveryOutcome::kRetry);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
}

TEST_F(SmtpTransportTest, ShutdownInterruptsADelivery) {
  SmtpTestServer server;
  server.setMode(SmtpMode::kHang);
  config::SmtpConfig c = plain(server);
  c.timeout = 30s;
  SmtpTransport transport(c, "no-reply@kaya.app");
  std::thread stopper([this] {
    std::this_thread::sleep_for(300ms);
    cancel_ = true;
  });
  const auto started = std::chrono::steady_clock::now();
  const DeliveryResult result = transport.deliver(1, mail(), cancel_);
  stopper.join();
  EXPECT_EQ(result.outcome, DeliveryOutcome::kRetry);
  EXPECT_EQ(result.error, "smtp: interrupted by shutdown");
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
}

TEST_F(SmtpTransportTest, NoServerIsRetried) {
  uint16_t port = 0;
  {
    SmtpTestServer gone;
    port = gone.port();
  }
  config::SmtpConfig c;
  c.url = "smtp://127.0.0.1:" + std::to_string(port);
  c.starttls = config::TlsMode::kOff;
  SmtpTransport transport(c, "no-reply@kaya.app");
  const DeliveryResult result = transport.deliver(1, mail(), cancel_);
  EXPECT_EQ(result.outcome, DeliveryOutcome::kRetry);
  EXPECT_NE(result.error.find("connect"), std::string::npos) << result.error;
}

TEST_F(SmtpTransportTest, RefusesABadFromAtConstruction) {
  config::SmtpConfig c;
  EXPECT_THROW(SmtpTransport(c, "not an address"), std::invalid_argument);
}

}  // namespace
}  // namespace atrium::host::messaging

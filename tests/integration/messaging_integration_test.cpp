// The mail and SMS outbox end to end: the real atrium binary serving the `mailer` fixture plugin
// (tests/fixtures/plugins/mailer) over real HTTP, delivering through the real SMTP and
// Twilio-format transports to local servers this test runs, on SQLite and on PostgreSQL.
#include <fstream>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "tests/host/db/test_database.hpp"
#include "tests/support/http_test_server.hpp"
#include "tests/support/smtp_test_server.hpp"
#include "tests/support/test_server.hpp"

namespace atrium::testing {
namespace {

using host::db::Backend;
using namespace std::chrono_literals;

constexpr const char* kWelcomeScript = R"(local atrium = require("atrium")
local texts = {
  en = {subject = "Welcome, {{name}}", text = "Hello {{name}}!"},
  uz = {subject = "Xush kelibsiz, {{name}}", text = "Salom {{name}}!"},
}
return {
  render = function(input)
    local t = texts[input.lang] or texts.en
    return {
      subject = atrium.template.render(t.subject, input.vars),
      text = atrium.template.render(t.text, input.vars),
    }
  end,
}
)";

struct Transports {
  std::string mail = "transport: file";
  std::string sms = "transport: file";
};

std::string mailerConfig(const std::string& url, const Transports& transports,
                         const std::string& extra = "") {
  return R"(product: mailtest
server:
  listen: "127.0.0.1:0"
  worker_threads: 4
database:
  url: ")" +
         url + R"("
  migrate: auto
  migrations_dirs: ["@SOURCE_DIR@/sql", "@SOURCE_DIR@/tests/fixtures/sql"]
scripts:
  dir: scripts
mail:
  from: "Mailer <no-reply@mailer.test>"
  )" + transports.mail +
         R"(
  retry: {max_attempts: 10, initial_delay: 100ms, max_delay: 300ms}
sms:
  from: "+15005550001"
  )" + transports.sms +
         R"(
  retry: {max_attempts: 3, initial_delay: 100ms, max_delay: 300ms}
outbox:
  poll_interval: 200ms
)" + extra +
         R"(
plugin_dirs: ["@PLUGIN_DIR@/test"]
plugins:
  - name: mailer
routes:
  - {method: POST, path: /signup, handler: mailer.signup}
  - {method: POST, path: /sms, handler: mailer.sms}
  - {method: POST, path: /welcome, handler: mailer.welcome}
  - {method: GET, path: /count, handler: mailer.count}
)";
}

std::string smtpBlock(uint16_t port) {
  return "transport: smtp\n  smtp: {url: \"smtp://127.0.0.1:" + std::to_string(port) +
         "\", starttls: \"off\", connect_timeout: 1s, timeout: 2s}";
}

std::string twilioBlock(const HttpTestServer& server) {
  return "transport: twilio\n  twilio: {base_url: \"" + server.url() +
         "\", account_sid: AC42, auth_token: \"${TEST_TWILIO_TOKEN}\", timeout: 2s}";
}

std::unique_ptr<TestServer> startServer(const std::string& url, const Transports& transports,
                                        const std::string& extra = "") {
  TestServerOptions options;
  options.env["TEST_TWILIO_TOKEN"] = "tw-token-secret";
  options.files["scripts/mailer/messages/welcome.lua"] = kWelcomeScript;
  return std::make_unique<TestServer>(mailerConfig(url, transports, extra), options);
}

class MessagingIntegrationTest : public host::db::testing::BothBackendsTest {
 protected:
  std::string url() const {
    return GetParam() == Backend::kSqlite ? "sqlite://var/mailer.db" : url_text_;
  }
  std::unique_ptr<TestServer> start(const Transports& transports, const std::string& extra = "") {
    return startServer(url(), transports, extra);
  }
  static std::string metrics(TestServer& server) { return server.client().get("/metrics").body; }
  static int signups(TestServer& server) {
    return server.client().get("/count").json()["signups"].get<int>();
  }
};
INSTANTIATE_TEST_SUITE_P(Backends, MessagingIntegrationTest, host::db::testing::kBothBackends,
                         host::db::testing::testBackendName);

TEST_P(MessagingIntegrationTest, ACommittedSignupIsDeliveredOverSmtp) {
  SmtpTestServer smtp;
  auto server = start({.mail = smtpBlock(smtp.port())});
  auto response = server->client().postJson("/signup", {{"email", "ada@example.com"}});
  ASSERT_EQ(response.status, 201) << response.body;
  ASSERT_TRUE(smtp.waitForMessages(1, 5s));
  const SmtpReceived got = smtp.received()[0];
  EXPECT_EQ(got.mail_from, "no-reply@mailer.test");
  ASSERT_EQ(got.rcpt_to.size(), 1u);
  EXPECT_EQ(got.rcpt_to[0], "ada@example.com");
  EXPECT_NE(got.data.find("Subject: Welcome to Mailer\r\n"), std::string::npos) << got.data;
  EXPECT_NE(got.data.find("From: \"Mailer\" <no-reply@mailer.test>"), std::string::npos);
  EXPECT_NE(got.data.find("424242"), std::string::npos);
  EXPECT_EQ(signups(*server), 1);
  ASSERT_TRUE(server->waitForLog("message sent", 5s).has_value());
  EXPECT_NE(metrics(*server).find(
                "atrium_messages_total{channel=\"mail\",transport=\"smtp\",outcome=\"sent\"} 1\n"),
            std::string::npos);
  EXPECT_EQ(server->stop(), 0);
  // Nothing in the log repeats the code that was mailed.
  EXPECT_EQ(server->logText().find("424242"), std::string::npos);
}

TEST_P(MessagingIntegrationTest, AHandlerFailingAfterTheEnqueueSendsNothing) {
  SmtpTestServer smtp;
  auto server = start({.mail = smtpBlock(smtp.port())});
  auto failed =
      server->client().postJson("/signup", {{"email", "ghost@example.com"}, {"fail", true}});
  EXPECT_EQ(failed.status, 500) << failed.body;
  auto ok = server->client().postJson("/signup", {{"email", "real@example.com"}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  ASSERT_TRUE(smtp.waitForMessages(1, 5s));
  std::this_thread::sleep_for(800ms);  // four poll intervals: a phantom would have gone out
  const auto received = smtp.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].rcpt_to[0], "real@example.com");
  EXPECT_EQ(signups(*server), 1);
}

TEST_P(MessagingIntegrationTest, AnInvalidMessageIsA400AndRollsBack) {
  SmtpTestServer smtp;
  auto server = start({.mail = smtpBlock(smtp.port())});
  auto response = server->client().postJson(
      "/signup", {{"email", "ada@example.com"}, {"subject", "Hi\r\nBcc: victim@example.com"}});
  EXPECT_EQ(response.status, 400) << response.body;
  EXPECT_NE(response.body.find("subject must not contain CR, LF or NUL"), std::string::npos)
      << response.body;
  response = server->client().postJson("/signup", {{"email", "not-an-address"}});
  EXPECT_EQ(response.status, 400) << response.body;
  EXPECT_EQ(signups(*server), 0);
}

TEST_P(MessagingIntegrationTest, AnSmtpServerThatIsDownIsRetriedUntilItComesBack) {
  uint16_t port = 0;
  {
    SmtpTestServer probe;
    port = probe.port();
  }
  auto server = start({.mail = smtpBlock(port)});
  auto response = server->client().postJson("/signup", {{"email", "later@example.com"}});
  ASSERT_EQ(response.status, 201) << response.body;
  const auto retry = server->waitForLog("message delivery failed; will retry", 5s);
  ASSERT_TRUE(retry.has_value());
  EXPECT_EQ((*retry)["attempt"], 1);
  EXPECT_NE((*retry)["error"].get<std::string>().find("smtp:"), std::string::npos);
  SmtpTestServer smtp(SmtpTestServerOptions{.port = port});
  ASSERT_TRUE(smtp.waitForMessages(1, 5s));
  EXPECT_EQ(smtp.received()[0].rcpt_to[0], "later@example.com");
  ASSERT_TRUE(server->waitForLog("message sent", 5s).has_value());
  EXPECT_NE(metrics(*server).find("atrium_messages_total{channel=\"mail\",transport=\"smtp\","
                                  "outcome=\"retried\"}"),
            std::string::npos);
}

TEST_P(MessagingIntegrationTest, APermanentRefusalIsRecordedAsFailed) {
  SmtpTestServer smtp;
  smtp.setMode(SmtpMode::kPermFail);
  auto server = start({.mail = smtpBlock(smtp.port())});
  ASSERT_EQ(server->client().postJson("/signup", {{"email", "nobody@example.com"}}).status, 201);
  const auto failed = server->waitForLog("message delivery failed for good", 5s);
  ASSERT_TRUE(failed.has_value());
  EXPECT_EQ((*failed)["permanent"], true);
  EXPECT_EQ((*failed)["attempt"], 1);
  EXPECT_NE((*failed)["error"].get<std::string>().find("550"), std::string::npos) << *failed;
  EXPECT_NE(metrics(*server).find("atrium_messages_total{channel=\"mail\",transport=\"smtp\","
                                  "outcome=\"failed\"} 1\n"),
            std::string::npos);
  EXPECT_NE(metrics(*server).find("atrium_outbox_queue_depth{channel=\"mail\"} 0\n"),
            std::string::npos);
}

TEST_P(MessagingIntegrationTest, SmsGoesOutInTwiliosFormat) {
  HttpTestServer twilio([](const HttpTestRequest& request) {
    if (request.body.find("To=%2B15005550009") != std::string::npos) {
      return HttpTestResponse{
          400, R"({"code":21211,"message":"The 'To' number is not a valid phone number."})"};
    }
    return HttpTestResponse{201, R"({"sid":"SM1","status":"queued"})"};
  });
  auto server = start({.sms = twilioBlock(twilio)});
  auto response =
      server->client().postJson("/sms", {{"to", "+15005550006"}, {"body", "Kod: 777111"}});
  ASSERT_EQ(response.status, 202) << response.body;
  ASSERT_TRUE(twilio.waitForRequests(1, 5s));
  const HttpTestRequest got = twilio.requests()[0];
  EXPECT_EQ(got.target, "/2010-04-01/Accounts/AC42/Messages.json");
  EXPECT_EQ(got.body, "To=%2B15005550006&From=%2B15005550001&Body=Kod%3A%20777111");
  EXPECT_EQ(decodeBase64(got.header("authorization").substr(6)), "AC42:tw-token-secret");

  ASSERT_EQ(server->client().postJson("/sms", {{"to", "+15005550009"}, {"body", "Kod: 1"}}).status,
            202);
  const auto failed = server->waitForLog("message delivery failed for good", 5s);
  ASSERT_TRUE(failed.has_value());
  EXPECT_EQ((*failed)["error"],
            "twilio error 21211: The 'To' number is not a valid phone number. (HTTP 400)");
  EXPECT_EQ(server->stop(), 0);
  const std::string log = server->logText();
  EXPECT_EQ(log.find("tw-token-secret"), std::string::npos);
  EXPECT_EQ(log.find("777111"), std::string::npos);
}

TEST_P(MessagingIntegrationTest, TheFileTransportWritesOneJsonLinePerMessage) {
  auto server = start({});
  ASSERT_EQ(server->client().postJson("/signup", {{"email", "dev@example.com"}}).status, 201);
  ASSERT_EQ(
      server->client()
          .postJson("/welcome", {{"email", "uz@example.com"}, {"lang", "uz"}, {"name", "Dilnoza"}})
          .status,
      202);
  ASSERT_EQ(server->client().postJson("/sms", {{"to", "+998901234567"}, {"body", "Kod: 5"}}).status,
            202);
  auto readLines = [&](const char* name) {
    std::vector<nlohmann::json> lines;
    std::ifstream in(server->dir() / "var/outbox" / name);
    std::string line;
    while (std::getline(in, line)) lines.push_back(nlohmann::json::parse(line));
    return lines;
  };
  for (int i = 0; i < 300 && (readLines("mail.jsonl").size() < 2 || readLines("sms.jsonl").empty());
       ++i) {
    std::this_thread::sleep_for(10ms);
  }
  const auto mail = readLines("mail.jsonl");
  ASSERT_EQ(mail.size(), 2u);
  std::map<std::string, nlohmann::json> by_to;
  for (const auto& line : mail) by_to[line["to"]] = line;
  EXPECT_EQ(by_to["dev@example.com"]["subject"], "Welcome to Mailer");
  EXPECT_NE(by_to["dev@example.com"]["text"].get<std::string>().find("424242"), std::string::npos);
  EXPECT_EQ(by_to["uz@example.com"]["subject"], "Xush kelibsiz, Dilnoza");
  EXPECT_EQ(by_to["uz@example.com"]["text"], "Salom Dilnoza!");
  EXPECT_EQ(by_to["uz@example.com"]["template"], "mailer/messages/welcome");
  EXPECT_EQ(by_to["uz@example.com"]["product"], "mailtest");
  const auto sms = readLines("sms.jsonl");
  ASSERT_EQ(sms.size(), 1u);
  EXPECT_EQ(sms[0]["to"], "+998901234567");
  EXPECT_EQ(sms[0]["body"], "Kod: 5");
}

// One instance per SQLite file is the supported setup: this runs on PostgreSQL only.
class MessagingPostgresqlIntegrationTest : public host::db::testing::PostgresqlTest {};

TEST_F(MessagingPostgresqlIntegrationTest, TwoInstancesOnOneDatabaseNeverDeliverAMessageTwice) {
  SmtpTestServer smtp;
  auto first = startServer(url_text_, {.mail = smtpBlock(smtp.port())});
  auto second = startServer(url_text_, {.mail = smtpBlock(smtp.port())});
  constexpr int kSignups = 40;
  std::thread a([&] {
    HttpClient client = first->client();
    for (int i = 0; i < kSignups; i += 2) {
      client.postJson("/signup", {{"email", "a" + std::to_string(i) + "@example.com"}});
    }
  });
  std::thread b([&] {
    HttpClient client = second->client();
    for (int i = 1; i < kSignups; i += 2) {
      client.postJson("/signup", {{"email", "b" + std::to_string(i) + "@example.com"}});
    }
  });
  a.join();
  b.join();
  ASSERT_TRUE(smtp.waitForMessages(kSignups, 15s)) << smtp.received().size();
  std::this_thread::sleep_for(1s);  // five poll intervals for a duplicate to show up
  const auto received = smtp.received();
  std::set<std::string> recipients;
  for (const auto& message : received) recipients.insert(message.rcpt_to.at(0));
  EXPECT_EQ(received.size(), static_cast<size_t>(kSignups));
  EXPECT_EQ(recipients.size(), static_cast<size_t>(kSignups));
  EXPECT_EQ(first->stop(), 0);
  EXPECT_EQ(second->stop(), 0);
}

}  // namespace
}  // namespace atrium::testing

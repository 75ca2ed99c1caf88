#include "host/services/messaging/sender_worker.hpp"

#include <deque>
#include <set>

#include <gtest/gtest.h>

#include "host/services/messaging/smtp_transport.hpp"
#include "tests/host/services/messaging/outbox_test_database.hpp"
#include "tests/support/smtp_test_server.hpp"

namespace atrium::host::messaging {
namespace {

using namespace std::chrono_literals;

// Answers from a script, recording what it was given (the real transports have their own
// tests against real servers; here the worker's bookkeeping is under test).
class ScriptedTransport : public Transport {
 public:
  std::string_view name() const override { return "scripted"; }
  DeliveryResult deliver(int64_t id, const OutboxMessage&, const std::atomic<bool>&) override {
    const std::lock_guard<std::mutex> lock(mutex_);
    delivered.push_back(id);
    if (answers.empty()) return DeliveryResult::sent("P" + std::to_string(id));
    DeliveryResult next = answers.front();
    answers.pop_front();
    return next;
  }
  std::mutex mutex_;
  std::deque<DeliveryResult> answers;
  std::vector<int64_t> delivered;
};

class SenderWorkerTest : public testing::OutboxDatabaseTest {
 protected:
  config::RetryPolicyConfig retry(int attempts) {
    config::RetryPolicyConfig p;
    p.max_attempts = attempts;
    p.initial_delay = 1ms;
    p.max_delay = 5ms;
    return p;
  }
  std::unique_ptr<SenderWorker> worker(OutboxStore& store, Transport& mail, int attempts = 3,
                                       std::chrono::milliseconds poll = 50ms) {
    return std::make_unique<SenderWorker>(
        store, ChannelRoute{&mail, retry(attempts)}, ChannelRoute{&mail, retry(attempts)}, metrics_,
        log_.sink(),
        SenderWorker::Options{.poll_interval = poll, .batch_size = 5, .claim_timeout = 60s});
  }
  static OutboxMessage mail(std::string to = "ada@example.com") {
    OutboxMessage m;
    m.recipient = std::move(to);
    m.subject = "Secret subject";
    m.text = "Your code is 987654";
    return m;
  }
  MessagingMetrics metrics_;
};
INSTANTIATE_TEST_SUITE_P(Backends, SenderWorkerTest, db::testing::kBothBackends,
                         db::testing::testBackendName);

TEST_P(SenderWorkerTest, SendsAndRecordsTheOutcome) {
  OutboxStore store(*database_);
  ScriptedTransport transport;
  const int64_t id = store.enqueue(mail(), nullptr, "", Clock::now());
  auto w = worker(store, transport);
  EXPECT_EQ(w->runOnce(), 1u);
  EXPECT_EQ(store.find(id)->status, "sent");
  EXPECT_EQ(store.find(id)->provider_id, "P" + std::to_string(id));
  EXPECT_EQ(metrics_.deliveries("mail", "scripted", "sent"), 1u);
  EXPECT_EQ(w->runOnce(), 0u);
  // The log says what happened without the message's content.
  const std::string log = log_.text();
  EXPECT_NE(log.find("\"message sent\""), std::string::npos) << log;
  EXPECT_EQ(log.find("987654"), std::string::npos);
  EXPECT_EQ(log.find("Secret subject"), std::string::npos);
}

TEST_P(SenderWorkerTest, RetriesWithBackoffThenFails) {
  OutboxStore store(*database_);
  ScriptedTransport transport;
  transport.answers = {DeliveryResult::retry("smtp: Couldn't connect"),
                       DeliveryResult::retry("smtp: Couldn't connect"),
                       DeliveryResult::retry("smtp: 451 later")};
  const int64_t id = store.enqueue(mail(), nullptr, "", Clock::now());
  auto w = worker(store, transport, 3);
  EXPECT_EQ(w->runOnce(), 1u);
  auto row = store.find(id);
  EXPECT_EQ(row->status, "pending");
  EXPECT_EQ(row->attempts, 1);
  EXPECT_EQ(row->last_error, "smtp: Couldn't connect");
  for (int i = 0; i < 100 && store.find(id)->attempts < 3; ++i) {
    w->runOnce();
    std::this_thread::sleep_for(2ms);
  }
  row = store.find(id);
  EXPECT_EQ(row->status, "failed");
  EXPECT_EQ(row->attempts, 3);
  EXPECT_EQ(row->last_error, "smtp: 451 later");
  EXPECT_EQ(metrics_.deliveries("mail", "scripted", "retried"), 2u);
  EXPECT_EQ(metrics_.deliveries("mail", "scripted", "failed"), 1u);
  EXPECT_EQ(transport.delivered.size(), 3u);
}

TEST_P(SenderWorkerTest, APermanentRefusalFailsAtOnce) {
  OutboxStore store(*database_);
  ScriptedTransport transport;
  transport.answers = {DeliveryResult::permanent("smtp: 550 No such user")};
  const int64_t id = store.enqueue(mail(), nullptr, "", Clock::now());
  auto w = worker(store, transport, 8);
  w->runOnce();
  EXPECT_EQ(store.find(id)->status, "failed");
  EXPECT_EQ(store.find(id)->last_error, "smtp: 550 No such user");
}

TEST_P(SenderWorkerTest, TheThreadWakesUpOnEnqueueAndStopsPromptly) {
  OutboxStore store(*database_);
  ScriptedTransport transport;
  auto w = worker(store, transport, 3, 60s);  // a poll interval far beyond the test
  w->start();
  std::this_thread::sleep_for(100ms);  // the first round has run and found nothing
  const int64_t id = store.enqueue(mail(), nullptr, "", Clock::now());
  w->wake();
  for (int i = 0; i < 200 && store.find(id)->status != "sent"; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(store.find(id)->status, "sent");
  const auto started = std::chrono::steady_clock::now();
  w->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);
}

TEST_P(SenderWorkerTest, DeliversThroughRealSmtpAndSurvivesTheServerGoingAway) {
  auto server = std::make_unique<atrium::testing::SmtpTestServer>();
  const uint16_t port = server->port();
  config::SmtpConfig smtp;
  smtp.url = server->url();
  smtp.starttls = config::TlsMode::kOff;
  smtp.timeout = 2s;
  SmtpTransport transport(smtp, "no-reply@kaya.app");
  OutboxStore store(*database_);
  auto w = worker(store, transport, 10);
  const int64_t first = store.enqueue(mail("a@example.com"), nullptr, "", Clock::now());
  w->runOnce();
  EXPECT_EQ(store.find(first)->status, "sent");
  server.reset();  // the SMTP server goes away
  const int64_t second = store.enqueue(mail("b@example.com"), nullptr, "", Clock::now());
  w->runOnce();
  EXPECT_EQ(store.find(second)->status, "pending");
  EXPECT_NE(store.find(second)->last_error.find("smtp:"), std::string::npos);
  server = std::make_unique<atrium::testing::SmtpTestServer>(
      atrium::testing::SmtpTestServerOptions{.port = port});
  for (int i = 0; i < 100 && store.find(second)->status != "sent"; ++i) {
    w->runOnce();
    std::this_thread::sleep_for(5ms);
  }
  EXPECT_EQ(store.find(second)->status, "sent");
  ASSERT_EQ(server->received().size(), 1u);
  EXPECT_EQ(server->received()[0].rcpt_to[0], "b@example.com");
}

TEST_P(SenderWorkerTest, TwoWorkersOnOneDatabaseNeverSendAMessageTwice) {
  OutboxStore store(*database_);
  OutboxStore other_store(GetParam() == db::Backend::kSqlite ? *database_ : secondDatabase());
  ScriptedTransport a;
  ScriptedTransport b;
  constexpr int kMessages = 60;
  for (int i = 0; i < kMessages; ++i) {
    store.enqueue(mail("u" + std::to_string(i) + "@example.com"), nullptr, "", Clock::now());
  }
  auto wa = worker(store, a, 3, 10ms);
  auto wb = worker(other_store, b, 3, 10ms);
  wa->start();
  wb->start();
  for (int i = 0; i < 500 && countRows("status = 'sent'") < kMessages; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  wa->stop();
  wb->stop();
  std::multiset<int64_t> all(a.delivered.begin(), a.delivered.end());
  all.insert(b.delivered.begin(), b.delivered.end());
  EXPECT_EQ(all.size(), static_cast<size_t>(kMessages));
  EXPECT_EQ(std::set<int64_t>(all.begin(), all.end()).size(), static_cast<size_t>(kMessages));
  EXPECT_EQ(countRows("status = 'sent'"), kMessages);
}

}  // namespace
}  // namespace atrium::host::messaging

#include "host/services/messaging/messaging_service.hpp"

#include <fstream>

#include <gtest/gtest.h>

#include "tests/host/services/messaging/outbox_test_database.hpp"
#include "tests/support/temp_dir.hpp"

namespace atrium::host::messaging {
namespace {

using namespace std::chrono_literals;

class MessagingServiceTest : public testing::OutboxDatabaseTest {
 protected:
  MessagingSettings settings() {
    MessagingSettings s;
    s.product = "kaya";
    s.mail.file = (files_ / "outbox/mail.jsonl").string();
    s.sms.file = (files_ / "outbox/sms.jsonl").string();
    s.outbox.poll_interval = 60s;  // only a wake-up can deliver within the test
    return s;
  }
  static OutboxMessage mail(std::string text = "hello") {
    OutboxMessage m;
    m.recipient = "ada@example.com";
    m.subject = "Hi";
    m.text = std::move(text);
    return m;
  }
  size_t fileLines(const char* name) {
    std::ifstream in(files_ / "outbox" / name);
    size_t n = 0;
    std::string line;
    while (std::getline(in, line)) ++n;
    return n;
  }
  bool waitForLines(const char* name, size_t n) {
    for (int i = 0; i < 300; ++i) {
      if (fileLines(name) >= n) return true;
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }
  atrium::testing::TempDir files_{"atrium-messaging"};
};
INSTANTIATE_TEST_SUITE_P(Backends, MessagingServiceTest, db::testing::kBothBackends,
                         db::testing::testBackendName);

TEST_P(MessagingServiceTest, ARolledBackTransactionLeavesNoMessage) {
  MessagingService service(settings(), *database_, log_.sink());
  service.start();
  {
    auto tx = database_->begin();
    service.enqueue(mail("rolled back"), tx.get(), "req-1");
    tx->rollback(1);
  }
  {
    auto tx = database_->begin();
    service.enqueue(mail("committed"), tx.get(), "req-2");
    std::this_thread::sleep_for(50ms);
    EXPECT_EQ(fileLines("mail.jsonl"), 0u);  // not visible before the commit
    tx->commit(1);                           // wakes the worker
  }
  ASSERT_TRUE(waitForLines("mail.jsonl", 1));
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(fileLines("mail.jsonl"), 1u);
  EXPECT_EQ(countRows(), 1);
  EXPECT_EQ(countRows("product = 'kaya' AND status = 'sent'"), 1);
  std::string rendered;
  service.renderPrometheus(rendered);
  EXPECT_NE(rendered.find("atrium_messages_total{channel=\"mail\",transport=\"file\","
                          "outcome=\"sent\"} 1\n"),
            std::string::npos)
      << rendered;
  EXPECT_NE(rendered.find("atrium_messages_enqueued_total{channel=\"mail\"} 2\n"),
            std::string::npos);
  EXPECT_NE(rendered.find("atrium_outbox_queue_depth{channel=\"mail\"} 0\n"), std::string::npos);
  EXPECT_NE(rendered.find("atrium_message_send_duration_seconds_count{channel=\"mail\","
                          "transport=\"file\"} 1\n"),
            std::string::npos);
}

TEST_P(MessagingServiceTest, WithoutATransactionTheMessageIsSentPromptly) {
  MessagingService service(settings(), *database_, log_.sink());
  service.start();
  std::this_thread::sleep_for(50ms);
  OutboxMessage sms;
  sms.channel = Channel::kSms;
  sms.recipient = "+15005550006";
  sms.text = "code 1";
  service.enqueue(sms, nullptr, "");
  EXPECT_TRUE(waitForLines("sms.jsonl", 1));
}

TEST_P(MessagingServiceTest, RefusesInvalidMessagesBeforeStoringThem) {
  MessagingService service(settings(), *database_, log_.sink());
  OutboxMessage bad = mail();
  bad.subject = "x\r\nBcc: y@z.w";
  EXPECT_THROW(service.enqueue(bad, nullptr, ""), InvalidMessage);
  EXPECT_EQ(countRows(), 0);
}

TEST_P(MessagingServiceTest, AWorkerlessInstanceOnlyEnqueues) {
  MessagingSettings s = settings();
  s.outbox.worker = false;
  MessagingService service(s, *database_, log_.sink());
  service.start();
  service.enqueue(mail(), nullptr, "");
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(countRows("status = 'pending'"), 1);
}

TEST(MessagingTransportsTest, FollowTheConfig) {
  config::MailConfig mail;
  EXPECT_EQ(makeMailTransport(mail)->name(), "file");
  mail.transport = config::MailTransportKind::kSmtp;
  EXPECT_EQ(makeMailTransport(mail)->name(), "smtp");
  mail.from = "broken";
  EXPECT_THROW(makeMailTransport(mail), std::invalid_argument);
  config::SmsConfig sms;
  EXPECT_EQ(makeSmsTransport(sms)->name(), "file");
  sms.transport = config::SmsTransportKind::kTwilio;
  EXPECT_EQ(makeSmsTransport(sms)->name(), "twilio");
}

}  // namespace
}  // namespace atrium::host::messaging

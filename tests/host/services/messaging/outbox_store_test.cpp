#include "host/services/messaging/outbox_store.hpp"

#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "tests/host/services/messaging/outbox_test_database.hpp"

namespace atrium::host::messaging {
namespace {

using namespace std::chrono_literals;

class OutboxStoreTest : public testing::OutboxDatabaseTest {
 protected:
  static OutboxMessage mail(std::string to = "ada@example.com") {
    OutboxMessage m;
    m.recipient = std::move(to);
    m.subject = "Hi";
    m.text = "Hello";
    m.html = "<p>Hello</p>";
    m.product = "kaya";
    m.template_id = "kaya/messages/welcome";
    m.source = "plugin.accounts";
    return m;
  }
  const Clock::time_point now_ = Clock::now();
};
INSTANTIATE_TEST_SUITE_P(Backends, OutboxStoreTest, db::testing::kBothBackends,
                         db::testing::testBackendName);

TEST_P(OutboxStoreTest, EnqueuesAndClaimsDueMessagesOnce) {
  OutboxStore store(*database_);
  const int64_t a = store.enqueue(mail("a@example.com"), nullptr, "req-1", now_);
  const int64_t b = store.enqueue(mail("b@example.com"), nullptr, "req-2", now_);
  EXPECT_LT(a, b);
  EXPECT_EQ(store.queueDepth()["mail"], 2);

  const auto claimed = store.claimDue(10, now_, 60s);
  ASSERT_EQ(claimed.size(), 2u);
  EXPECT_EQ(claimed[0].id, a);
  EXPECT_EQ(claimed[0].attempts, 1);
  EXPECT_EQ(claimed[0].message.recipient, "a@example.com");
  EXPECT_EQ(claimed[0].message.subject, "Hi");
  EXPECT_EQ(claimed[0].message.html, "<p>Hello</p>");
  EXPECT_EQ(claimed[0].message.template_id, "kaya/messages/welcome");
  EXPECT_EQ(claimed[0].message.product, "kaya");
  EXPECT_TRUE(store.claimDue(10, now_, 60s).empty());  // claimed: not due again

  EXPECT_TRUE(store.markSent(claimed[0], "smtp", "", now_));
  const auto row = store.find(a);
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->status, "sent");
  EXPECT_EQ(row->transport, "smtp");
  EXPECT_FALSE(row->sent_at.empty());
  EXPECT_EQ(store.queueDepth()["mail"], 1);
}

TEST_P(OutboxStoreTest, RetriedMessagesComeBackWhenDue) {
  OutboxStore store(*database_);
  const int64_t id = store.enqueue(mail(), nullptr, "", now_);
  auto claimed = store.claimDue(10, now_, 60s);
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_TRUE(store.markRetry(claimed[0], "smtp", "smtp: Couldn't connect", now_ + 30s));
  EXPECT_TRUE(store.claimDue(10, now_ + 29s, 60s).empty());
  claimed = store.claimDue(10, now_ + 31s, 60s);
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].attempts, 2);
  EXPECT_TRUE(store.markFailed(claimed[0], "smtp", "smtp: 550 No such user"));
  const auto row = store.find(id);
  EXPECT_EQ(row->status, "failed");
  EXPECT_EQ(row->attempts, 2);
  EXPECT_EQ(row->last_error, "smtp: 550 No such user");
  EXPECT_TRUE(store.claimDue(10, now_ + 1h, 60s).empty());
}

TEST_P(OutboxStoreTest, AnExpiredClaimIsTakenOverAndTheStaleOutcomeIgnored) {
  OutboxStore store(*database_);
  store.enqueue(mail(), nullptr, "", now_);
  const auto first = store.claimDue(10, now_, 10s);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_TRUE(store.claimDue(10, now_ + 5s, 10s).empty());
  const auto second = store.claimDue(10, now_ + 11s, 10s);  // the first claimer died
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].attempts, 2);
  EXPECT_FALSE(store.markSent(first[0], "smtp", "", now_));  // too late: not ours any more
  EXPECT_TRUE(store.markSent(second[0], "smtp", "", now_));
}

TEST_P(OutboxStoreTest, IdempotencyKeyMakesTheSecondEnqueueTheSameMessage) {
  OutboxStore store(*database_);
  OutboxMessage m = mail();
  m.idempotency_key = "verify:42";
  const int64_t a = store.enqueue(m, nullptr, "", now_);
  const int64_t b = store.enqueue(m, nullptr, "", now_);
  EXPECT_EQ(a, b);
  m.channel = Channel::kSms;
  m.recipient = "+15005550006";
  EXPECT_NE(store.enqueue(m, nullptr, "", now_), a);  // keys are per channel
  EXPECT_EQ(countRows(), 2);
}

TEST_P(OutboxStoreTest, EnqueueJoinsTheCallersTransaction) {
  OutboxStore store(*database_);
  {
    auto tx = database_->begin();
    store.enqueue(mail(), tx.get(), "", now_);
    tx->rollback(1);
  }
  EXPECT_EQ(countRows(), 0);
  {
    auto tx = database_->begin();
    store.enqueue(mail(), tx.get(), "", now_);
    tx->commit(1);
  }
  EXPECT_EQ(countRows(), 1);
}

TEST_P(OutboxStoreTest, StoresTextVerbatim) {
  OutboxStore store(*database_);
  OutboxMessage m = mail();
  m.subject = "'; DROP TABLE atrium_outbox; -- ☃";
  m.text = "Robert'); DELETE FROM atrium_outbox;--";
  store.enqueue(m, nullptr, "", now_);
  const auto claimed = store.claimDue(1, now_, 1s);
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].message.subject, m.subject);
  EXPECT_EQ(claimed[0].message.text, m.text);
}

TEST_P(OutboxStoreTest, ConcurrentClaimersNeverShareAMessage) {
  // PostgreSQL: two instances (pools) claiming at once; SQLite (one instance per file): four
  // threads of one instance, serialised by the write lock.
  const bool postgres = GetParam() == db::Backend::kPostgresql;
  OutboxStore store(*database_);
  constexpr int kMessages = 200;
  for (int i = 0; i < kMessages; ++i) {
    store.enqueue(mail("u" + std::to_string(i) + "@example.com"), nullptr, "", now_);
  }
  db::Database& other = postgres ? secondDatabase() : *database_;
  std::vector<int64_t> seen[4];
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      OutboxStore mine(t % 2 == 0 ? *database_ : other);
      for (;;) {
        const auto batch = mine.claimDue(7, now_, 60s);
        if (batch.empty()) break;
        for (const auto& c : batch) {
          seen[t].push_back(c.id);
          mine.markSent(c, "test", "", now_);
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::multiset<int64_t> all;
  for (const auto& ids : seen) all.insert(ids.begin(), ids.end());
  EXPECT_EQ(all.size(), static_cast<size_t>(kMessages));
  EXPECT_EQ(std::set<int64_t>(all.begin(), all.end()).size(), static_cast<size_t>(kMessages));
  EXPECT_EQ(countRows("status = 'sent'"), kMessages);
}

}  // namespace
}  // namespace atrium::host::messaging

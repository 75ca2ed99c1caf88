// Event-stream tickets in the database (PostgreSQL deployments; SQLite tested too): single use
// across two database handles (two instances), also when redeemed at the same moment, expiry,
// capacity, only hashes stored, and the sweep of expired rows.
#include "host/services/events/database_ticket_store.hpp"

#include <atomic>
#include <fstream>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "host/db/database.hpp"
#include "tests/host/db/test_database.hpp"
#include "tests/support/captured_log.hpp"

namespace atrium::host::events {
namespace {

using db::testing::BothBackendsTest;

class DatabaseTicketStoreTest : public BothBackendsTest {
 protected:
  // One database handle (one instance); the first creates the table from the host migration.
  db::Database& open() {
    databases_.push_back(std::make_unique<db::Database>(
        std::make_unique<db::ConnectionPool>(url(), db::PoolOptions{.size = 4}),
        db::DatabaseOptions{.health_check_interval = std::chrono::milliseconds(0)}, log_.sink()));
    db::Database& database = *databases_.back();
    if (databases_.size() == 1) {
      std::ifstream file(std::string(ATRIUM_SOURCE_DIR) +
                         "/sql/host/0005_create_event_tickets.sql");
      std::string sql;  // without its comment lines, then split at the semicolons
      for (std::string line; std::getline(file, line);) {
        if (line.rfind("--", 0) != 0) sql += line + "\n";
      }
      for (size_t start = 0, end; (end = sql.find(';', start)) != std::string::npos;
           start = end + 1) {
        database.query({"test.migrate", "test", ""}, sql.substr(start, end - start), {});
      }
    }
    return database;
  }
  int64_t rows() {
    const db::QueryResult r = databases_.front()->query(
        {"test.count", "test", ""}, "SELECT COUNT(*) AS n FROM atrium_event_tickets", {});
    return std::get<int64_t>(r.rows[0][0]);
  }
  void TearDown() override {
    databases_.clear();
    BothBackendsTest::TearDown();
  }

  std::atomic<int64_t> now_ms_{1'800'000'000'000};
  DatabaseTicketStore::NowMs clock() {
    return [this] { return now_ms_.load(); };
  }
  atrium::testing::CapturedLog log_;
  std::vector<std::unique_ptr<db::Database>> databases_;
};
INSTANTIATE_TEST_SUITE_P(Backends, DatabaseTicketStoreTest, db::testing::kBothBackends,
                         db::testing::testBackendName);

TEST_P(DatabaseTicketStoreTest, IssuedOnOneInstanceRedeemedOnceOnAnother) {
  DatabaseTicketStore a(open(), std::chrono::seconds(30), 100, clock());
  DatabaseTicketStore b(open(), std::chrono::seconds(30), 100, clock());
  const auto ticket = a.issue(R"({"sub":"42"})");
  ASSERT_TRUE(ticket);
  EXPECT_EQ(ticket->size(), TicketStore::kTicketChars);
  EXPECT_EQ(b.redeem(*ticket), std::optional<std::string>(R"({"sub":"42"})"));
  EXPECT_FALSE(a.redeem(*ticket));
  EXPECT_FALSE(b.redeem(*ticket));
  EXPECT_EQ(rows(), 0);
}

TEST_P(DatabaseTicketStoreTest, OnlyTheHashIsStored) {
  DatabaseTicketStore store(open(), std::chrono::seconds(30), 100, clock());
  const auto ticket = store.issue(R"({"sub":"1"})");
  const db::QueryResult r = databases_.front()->query(
      {"test.read", "test", ""}, "SELECT ticket_hash FROM atrium_event_tickets", {});
  ASSERT_EQ(r.rows.size(), 1u);
  const std::string stored = std::get<std::string>(r.rows[0][0]);
  EXPECT_EQ(stored.size(), 64u);
  EXPECT_EQ(stored.find(*ticket), std::string::npos);
}

TEST_P(DatabaseTicketStoreTest, AnExpiredTicketIsRefusedAndRemoved) {
  DatabaseTicketStore store(open(), std::chrono::seconds(30), 100, clock());
  const auto ticket = store.issue("{}");
  now_ms_ += 30'000;
  EXPECT_FALSE(store.redeem(*ticket));
  EXPECT_EQ(rows(), 0);
}

TEST_P(DatabaseTicketStoreTest, UnknownAndMalformedTicketsAreRefused) {
  DatabaseTicketStore store(open(), std::chrono::seconds(30), 100, clock());
  const auto ticket = store.issue("{}");
  std::string forged = *ticket;
  forged[0] = forged[0] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(store.redeem(forged));
  EXPECT_FALSE(store.redeem(""));
  EXPECT_FALSE(store.redeem(std::string(10000, 'a')));
  EXPECT_FALSE(store.redeem("' OR 1=1 --"));
  EXPECT_TRUE(store.redeem(*ticket));
}

TEST_P(DatabaseTicketStoreTest, CapacityCountsLiveTicketsOfEveryInstance) {
  DatabaseTicketStore a(open(), std::chrono::seconds(30), 2, clock());
  DatabaseTicketStore b(open(), std::chrono::seconds(30), 2, clock());
  EXPECT_TRUE(a.issue("{}"));
  EXPECT_TRUE(b.issue("{}"));
  EXPECT_FALSE(a.issue("{}"));
  EXPECT_FALSE(b.issue("{}"));
  now_ms_ += 31'000;  // both expire: room again, and the full store sweeps them
  EXPECT_TRUE(a.issue("{}"));
  EXPECT_EQ(rows(), 1);
}

TEST_P(DatabaseTicketStoreTest, ConcurrentRedeemsOfOneTicketSucceedOnce) {
  DatabaseTicketStore a(open(), std::chrono::seconds(30), 1000, clock());
  DatabaseTicketStore b(open(), std::chrono::seconds(30), 1000, clock());
  for (int round = 0; round < 10; ++round) {
    const auto ticket = a.issue(R"({"sub":"race"})");
    ASSERT_TRUE(ticket);
    std::atomic<int> won{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 6; ++i) {
      threads.emplace_back([&, i] {
        if ((i % 2 == 0 ? a : b).redeem(*ticket)) ++won;
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(won.load(), 1) << "round " << round;
  }
}

}  // namespace
}  // namespace atrium::host::events

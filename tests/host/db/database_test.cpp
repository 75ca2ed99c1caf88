#include "host/db/database.hpp"

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "host/db/database_error.hpp"
#include "host/db/query_error.hpp"
#include "tests/host/db/test_database.hpp"
#include "tests/support/captured_log.hpp"

namespace atrium::host::db {
namespace {

class DatabaseTest : public testing::BothBackendsTest {
 protected:
  Database& open(PoolOptions pool = {.size = 2}, DatabaseOptions options = {}) {
    database_ = std::make_unique<Database>(std::make_unique<ConnectionPool>(url(), pool), options,
                                           log_.sink());
    database_->query(tag("setup.create"),
                     "CREATE TABLE items (id BIGINT PRIMARY KEY, name TEXT NOT NULL UNIQUE)", {});
    return *database_;
  }
  void TearDown() override {
    database_.reset();
    BothBackendsTest::TearDown();
  }
  static QueryTag tag(std::string_view name) { return QueryTag{name, "plugin.test", "req-42"}; }
  int64_t count() {
    return std::get<int64_t>(
        database_->query(tag("test.count"), "SELECT count(*) AS n FROM items", {}).rows[0][0]);
  }

  atrium::testing::CapturedLog log_;
  std::unique_ptr<Database> database_;
};
INSTANTIATE_TEST_SUITE_P(Backends, DatabaseTest, testing::kBothBackends, testing::testBackendName);

TEST_P(DatabaseTest, RunsStatementsAndCountsThemByName) {
  Database& db = open();
  const QueryResult inserted =
      db.query(tag("items.create"), "INSERT INTO items (id, name) VALUES (:id, :name)",
               {{"id", int64_t{1}}, {"name", std::string("one")}});
  EXPECT_EQ(inserted.affected_rows, 1);
  const QueryResult rows =
      db.query(tag("items.get"), "SELECT name FROM items WHERE id = :id", {{"id", int64_t{1}}});
  ASSERT_EQ(rows.rows.size(), 1u);
  EXPECT_EQ(std::get<std::string>(rows.rows[0][0]), "one");
  EXPECT_EQ(db.metrics().count("items.create", "ok"), 1u);
  EXPECT_EQ(db.metrics().count("items.get", "ok"), 1u);

  EXPECT_THROW(db.query(tag("items.create"), "INSERT INTO items (id, name) VALUES (2, 'one')", {}),
               QueryError);
  EXPECT_EQ(db.metrics().count("items.create", "unique_violation"), 1u);

  std::string text;
  db.renderPrometheus(text);
  EXPECT_NE(text.find("atrium_db_queries_total{statement=\"items.get\",outcome=\"ok\"} 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("atrium_db_pool_connections{state=\"idle\"} 2\n"), std::string::npos) << text;
}

TEST_P(DatabaseTest, RefusesInvalidStatementNames) {
  Database& db = open();
  EXPECT_THROW(db.query(tag("Bad Name"), "SELECT 1", {}), std::invalid_argument);
  EXPECT_THROW(db.query(tag(""), "SELECT 1", {}), std::invalid_argument);
}

TEST_P(DatabaseTest, SlowQueriesAreLoggedWithTheRequestIdButNotTheParameters) {
  Database& db = open({.size = 1}, {.slow_query_threshold = std::chrono::milliseconds(100)});
  const std::string slow =
      GetParam() == Backend::kSqlite
          ? "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000) "
            "SELECT count(*) FROM c WHERE x <> :secret"
          : "SELECT pg_sleep(0.3), :secret::text AS s";
  db.query(tag("report.slow"), slow, {{"secret", std::string("hunter2")}});
  db.query(tag("report.fast"), "SELECT 1", {});
  const std::string text = log_.text();
  EXPECT_NE(text.find("\"msg\":\"slow query\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"statement\":\"report.slow\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"request_id\":\"req-42\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"component\":\"plugin.test\""), std::string::npos) << text;
  EXPECT_EQ(text.find("hunter2"), std::string::npos) << "parameter values are never logged";
  EXPECT_EQ(text.find("report.fast"), std::string::npos) << "fast statements are not logged";
}

TEST_P(DatabaseTest, NoFreeConnectionIsUnavailableAfterTheAcquireTimeout) {
  Database& db = open({.size = 1, .acquire_timeout = std::chrono::milliseconds(50)});
  Lease held = db.pool().acquire();
  const auto started = std::chrono::steady_clock::now();
  EXPECT_THROW(db.query(tag("items.get"), "SELECT 1", {}), DatabaseUnavailable);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
  EXPECT_EQ(db.metrics().count("items.get", "unavailable"), 1u);
}

TEST_P(DatabaseTest, TransactionsCommitOrRollBackAndAFailedStatementBlocksCommit) {
  Database& db = open();
  {
    auto tx = db.begin();
    db.query(*tx, tag("items.create"), "INSERT INTO items (id, name) VALUES (1, 'a')", {});
    tx->commit(1);
  }
  {
    auto tx = db.begin();
    db.query(*tx, tag("items.create"), "INSERT INTO items (id, name) VALUES (2, 'b')", {});
  }  // rolled back
  EXPECT_EQ(count(), 1);
  {
    auto tx = db.begin();
    db.query(*tx, tag("items.create"), "INSERT INTO items (id, name) VALUES (3, 'c')", {});
    tx->push();
    EXPECT_THROW(
        db.query(*tx, tag("items.create"), "INSERT INTO items (id, name) VALUES (4, 'a')", {}),
        QueryError);
    EXPECT_THROW(tx->commit(2), std::logic_error);
    tx->rollback(2);  // recovers, as PostgreSQL requires
    db.query(*tx, tag("items.create"), "INSERT INTO items (id, name) VALUES (5, 'e')", {});
    tx->commit(1);
  }
  EXPECT_EQ(count(), 3);
  EXPECT_EQ(db.pool().idle(), db.pool().size());
}

// 8 threads doing read-modify-write in transactions end with the exact total.
TEST_P(DatabaseTest, ConcurrentReadModifyWriteTransactionsLoseNoUpdate) {
  constexpr int kThreads = 8;
  constexpr int kIncrements = 25;
  Database& db = open({.size = 4, .acquire_timeout = std::chrono::seconds(30)});
  db.query(tag("counter.create"), "CREATE TABLE counter (id INTEGER PRIMARY KEY, value BIGINT)",
           {});
  db.query(tag("counter.init"), "INSERT INTO counter (id, value) VALUES (1, 0)", {});
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        try {
          auto tx = db.begin();
          // Row lock on PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises writers.
          db.query(*tx, tag("counter.lock"), "UPDATE counter SET value = value WHERE id = 1", {});
          const QueryResult r =
              db.query(*tx, tag("counter.read"), "SELECT value FROM counter WHERE id = 1", {});
          const int64_t next = std::get<int64_t>(r.rows.at(0).at(0)) + 1;
          db.query(*tx, tag("counter.write"), "UPDATE counter SET value = :v WHERE id = 1",
                   {{"v", next}});
          tx->commit(1);
        } catch (const std::exception&) {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  const QueryResult r = db.query(tag("counter.read"), "SELECT value FROM counter WHERE id = 1", {});
  EXPECT_EQ(std::get<int64_t>(r.rows.at(0).at(0)), kThreads * kIncrements);
}

}  // namespace
}  // namespace atrium::host::db

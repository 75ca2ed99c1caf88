// The pool's health state: a lost PostgreSQL is noticed, requests fail fast while it is gone,
// and the pool recovers by itself. The database is made unreachable without stopping the shared
// test server: new connections are refused (ALLOW_CONNECTIONS false) and the pool's backends
// are terminated.
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "host/db/connection_pool.hpp"
#include "host/db/database.hpp"
#include "host/db/query_runner.hpp"
#include "tests/host/db/test_database.hpp"
#include "tests/support/captured_log.hpp"

namespace atrium::host::db {
namespace {

using std::chrono::milliseconds;

class PoolHealthTest : public testing::PostgresqlTest {
 protected:
  void cutOff() {
    Lease admin = this->admin().acquire();
    *admin << "ALTER DATABASE " + database_ + " ALLOW_CONNECTIONS false";
    *admin << "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" +
                  database_ + "' AND pid <> pg_backend_pid()";
  }
  void restore() {
    Lease admin = this->admin().acquire();
    *admin << "ALTER DATABASE " + database_ + " ALLOW_CONNECTIONS true";
  }
  void TearDown() override {
    if (!database_.empty() && admin_ != nullptr) restore();
    PostgresqlTest::TearDown();
  }
  template <typename Pred>
  static bool eventually(Pred pred, milliseconds limit = milliseconds(5000)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      if (pred()) return true;
      std::this_thread::sleep_for(milliseconds(20));
    }
    return pred();
  }
};

TEST_F(PoolHealthTest, GoesDownFailsFastAndComesBackByItself) {
  ConnectionPool& pool = makePool({.size = 2, .reconnect_interval = milliseconds(200)});
  std::mutex mutex;
  std::vector<bool> transitions;
  pool.setHealthListener([&](bool healthy, std::string_view reason) {
    std::lock_guard lock(mutex);
    transitions.push_back(healthy);
    if (!healthy) {
      EXPECT_NE(reason.find("atrium_test_"), std::string_view::npos)
          << "the reason names the (redacted) database URL: " << reason;
    }
  });
  EXPECT_TRUE(pool.check());

  cutOff();
  EXPECT_FALSE(pool.check()) << "SELECT 1 on a terminated session takes the pool down";
  EXPECT_FALSE(pool.healthy());
  // Every session is now suspect; while down, acquiring fails at once (no connect attempt)
  // until the reconnect interval has passed.
  const auto started = std::chrono::steady_clock::now();
  EXPECT_THROW(pool.acquire(), DatabaseUnavailable);
  EXPECT_LT(std::chrono::steady_clock::now() - started, milliseconds(100));
  try {
    pool.acquire();
  } catch (const DatabaseUnavailable& e) {
    EXPECT_NE(std::string(e.what()).find("retrying every 200 ms"), std::string::npos) << e.what();
  }
  std::this_thread::sleep_for(milliseconds(250));
  EXPECT_THROW(pool.acquire(), DatabaseUnavailable) << "the attempt is made, and fails";
  EXPECT_FALSE(pool.healthy());

  restore();
  EXPECT_TRUE(eventually([&] { return pool.check(); })) << "recovers once connections are allowed";
  // Both sessions work again (each was reconnected before use).
  Lease a = pool.acquire();
  Lease b = pool.acquire();
  EXPECT_EQ(std::get<int64_t>(runQuery(a, "SELECT 1 AS one", {}).rows[0][0]), 1);
  EXPECT_EQ(std::get<int64_t>(runQuery(b, "SELECT 2 AS two", {}).rows[0][0]), 2);
  std::lock_guard lock(mutex);
  EXPECT_EQ(transitions, (std::vector<bool>{false, true}));
}

TEST_F(PoolHealthTest, TheDatabaseServiceNoticesWithoutTraffic) {
  atrium::testing::CapturedLog log;
  {
    Database database(std::make_unique<ConnectionPool>(
                          url(), PoolOptions{.size = 2, .reconnect_interval = milliseconds(100)}),
                      DatabaseOptions{.health_check_interval = milliseconds(50)}, log.sink());
    EXPECT_TRUE(database.healthy());
    cutOff();
    EXPECT_TRUE(eventually([&] { return !database.healthy(); }));
    std::string metrics;
    database.renderPrometheus(metrics);
    EXPECT_NE(metrics.find("atrium_db_up 0\n"), std::string::npos) << metrics;
    restore();
    EXPECT_TRUE(eventually([&] { return database.healthy(); }));
    const QueryResult r = database.query({"test.one", "test", ""}, "SELECT 1 AS one", {});
    EXPECT_EQ(std::get<int64_t>(r.rows[0][0]), 1);
  }
  const std::string text = log.text();
  EXPECT_NE(text.find("database unreachable"), std::string::npos) << text;
  EXPECT_NE(text.find("database reachable again"), std::string::npos) << text;
}

}  // namespace
}  // namespace atrium::host::db

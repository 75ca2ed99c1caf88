#include "host/db/connection_pool.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "tests/host/db/test_database.hpp"

namespace atrium::host::db {
namespace {

using namespace std::chrono_literals;
using testing::BothBackendsTest;
using testing::PostgresqlTest;
using testing::SqliteTest;
using Clock = std::chrono::steady_clock;

class ConnectionPoolTest : public BothBackendsTest {};
INSTANTIATE_TEST_SUITE_P(Backends, ConnectionPoolTest, testing::kBothBackends,
                         testing::testBackendName);

TEST_P(ConnectionPoolTest, AcquireAndRelease) {
  ConnectionPool& pool = makePool({.size = 2});
  EXPECT_EQ(pool.size(), 2u);
  EXPECT_EQ(pool.idle(), 2u);
  {
    Lease a = pool.acquire();
    EXPECT_EQ(pool.idle(), 1u);
    Lease b = pool.acquire();
    EXPECT_EQ(pool.idle(), 0u);
    EXPECT_NE(&a.session(), &b.session());
    int one = 0;
    *a << "SELECT 1", soci::into(one);
    EXPECT_EQ(one, 1);
    EXPECT_EQ(a.backend(), GetParam());
    Lease moved = std::move(b);
    EXPECT_EQ(pool.idle(), 0u);
  }
  EXPECT_EQ(pool.idle(), 2u);
}

TEST_P(ConnectionPoolTest, AcquireTimesOutWhenExhausted) {
  ConnectionPool& pool = makePool({.size = 1, .acquire_timeout = 200ms});
  Lease held = pool.acquire();
  const auto started = Clock::now();
  try {
    pool.acquire();
    ADD_FAILURE() << "acquired from an exhausted pool";
  } catch (const DatabaseUnavailable& e) {
    EXPECT_NE(std::string(e.what()).find("no database connection free within 200 ms (pool of 1"),
              std::string::npos)
        << e.what();
  }
  const auto waited = Clock::now() - started;
  EXPECT_GE(waited, 190ms);
  EXPECT_LT(waited, 2s);
  // An explicit timeout overrides the pool's.
  EXPECT_THROW(pool.acquire(0ms), DatabaseUnavailable);
}

TEST_P(ConnectionPoolTest, WaiterGetsTheSessionWhenReleased) {
  ConnectionPool& pool = makePool({.size = 1, .acquire_timeout = 5s});
  std::optional<Lease> held(pool.acquire());
  std::thread releaser([&] {
    std::this_thread::sleep_for(100ms);
    held.reset();
  });
  const auto started = Clock::now();
  Lease lease = pool.acquire();
  EXPECT_LT(Clock::now() - started, 3s);
  releaser.join();
}

TEST_P(ConnectionPoolTest, FailedLeaseLeavesNoOpenTransaction) {
  ConnectionPool& pool = makePool({.size = 1});
  {
    Lease lease = pool.acquire();
    *lease << "CREATE TABLE items (id INTEGER PRIMARY KEY)";
  }
  EXPECT_THROW(
      {
        Lease lease = pool.acquire();
        lease->begin();
        *lease << "INSERT INTO items (id) VALUES (1)";
        *lease << "INSERT INTO no_such_table (id) VALUES (1)";  // throws
      },
      soci::soci_error);
  const auto count_items = [&pool] {
    Lease lease = pool.acquire();
    int rows = -1;
    // Inside a transaction left open this would see row 1 (SQLite) or fail (PostgreSQL: the
    // transaction is aborted).
    *lease << "SELECT COUNT(*) FROM items", soci::into(rows);
    return rows;
  };
  EXPECT_EQ(count_items(), 0);
  {
    Lease lease = pool.acquire();
    lease->begin();
    *lease << "INSERT INTO items (id) VALUES (2)";
    lease.markFailed();  // a caught error: no exception propagates, still rolled back
  }
  EXPECT_EQ(count_items(), 0);
}

TEST(ConnectionPoolOptionsTest, SizeZeroIsRefused) {
  EXPECT_THROW(ConnectionPool(parseDatabaseUrl("sqlite::memory:", "/"), {.size = 0}),
               std::invalid_argument);
}

TEST(ConnectionPoolOptionsTest, MemoryDatabaseHasOneSession) {
  ConnectionPool pool(parseDatabaseUrl("sqlite::memory:", "/"), {.size = 4});
  EXPECT_EQ(pool.size(), 1u);
  Lease lease = pool.acquire();
  *lease << "CREATE TABLE t (x INTEGER)";
}

TEST(ConnectionPoolFailureTest, UnreachablePostgresqlFailsFastWithRedactedUrl) {
  const auto started = Clock::now();
  try {
    ConnectionPool pool(parseDatabaseUrl("postgresql://app:hunter2@127.0.0.1:1/atrium", "/"), {});
    ADD_FAILURE() << "connected to port 1";
  } catch (const DatabaseUnavailable& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.rfind("cannot open database postgresql://app:***@127.0.0.1:1/atrium: ", 0),
              0u)
        << message;
    EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
    EXPECT_NE(message.find("Connection refused"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << "not one line: " << message;
  }
  EXPECT_LT(Clock::now() - started, 5s);
}

TEST(ConnectionPoolFailureTest, BadUrlFailsBeforeAnyConnection) {
  try {
    parseDatabaseUrl("postgresql://app:hunter2@127.0.0.1:99999/atrium", "/");
    ADD_FAILURE() << "accepted port 99999";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), "database URL: invalid port '99999' (1-65535)");
  }
}

TEST(ConnectionPoolFailureTest, SqliteDirectoryThatCannotBeCreated) {
  try {
    ConnectionPool pool(parseDatabaseUrl("sqlite:///proc/atrium-nope/app.db", "/"), {});
    ADD_FAILURE() << "opened a database under /proc";
  } catch (const DatabaseUnavailable& e) {
    EXPECT_EQ(std::string(e.what()).rfind("cannot open database sqlite:///proc/atrium-nope/app.db: "
                                          "cannot create directory /proc/atrium-nope: ",
                                          0),
              0u)
        << e.what();
  }
}

TEST_F(SqliteTest, PragmasAreSetOnEverySession) {
  ConnectionPool& pool = makePool({.size = 2, .sqlite_busy_timeout = 750ms});
  EXPECT_TRUE(std::filesystem::exists(dir_ / "nested/dir/app.db"));
  Lease a = pool.acquire();
  Lease b = pool.acquire();
  for (Lease* lease : {&a, &b}) {
    std::string journal_mode;
    int foreign_keys = 0;
    int busy_timeout = 0;
    **lease << "PRAGMA journal_mode", soci::into(journal_mode);
    **lease << "PRAGMA foreign_keys", soci::into(foreign_keys);
    **lease << "PRAGMA busy_timeout", soci::into(busy_timeout);
    EXPECT_EQ(journal_mode, "wal");
    EXPECT_EQ(foreign_keys, 1);
    EXPECT_EQ(busy_timeout, 750);
  }
}

TEST_F(SqliteTest, ForeignKeysAreEnforced) {
  ConnectionPool& pool = makePool({.size = 1});
  Lease lease = pool.acquire();
  *lease << "CREATE TABLE parent (id INTEGER PRIMARY KEY)";
  *lease << "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL "
            "REFERENCES parent(id))";
  *lease << "INSERT INTO parent (id) VALUES (1)";
  *lease << "INSERT INTO child (id, parent_id) VALUES (1, 1)";
  EXPECT_THROW(*lease << "INSERT INTO child (id, parent_id) VALUES (2, 42)", soci::soci_error);
}

TEST_F(SqliteTest, PathWithSpace) {
  url_text_ = "sqlite://with%20space/app.db";
  ConnectionPool& pool = makePool({.size = 1});
  Lease lease = pool.acquire();
  *lease << "CREATE TABLE t (x INTEGER)";
  EXPECT_TRUE(std::filesystem::exists(dir_ / "with space/app.db"));
}

TEST_F(PostgresqlTest, StatementTimeoutIsSet) {
  ConnectionPool& pool = makePool({.size = 2, .statement_timeout = 1500ms});
  Lease a = pool.acquire();
  Lease b = pool.acquire();
  for (Lease* lease : {&a, &b}) {
    std::string timeout;
    **lease << "SHOW statement_timeout", soci::into(timeout);
    EXPECT_EQ(timeout, "1500ms");
  }
}

TEST_F(PostgresqlTest, StatementTimeoutCancelsSlowQueries) {
  ConnectionPool& pool = makePool({.size = 1, .statement_timeout = 200ms});
  const auto started = Clock::now();
  EXPECT_THROW(
      {
        Lease lease = pool.acquire();
        *lease << "SELECT pg_sleep(10)";
      },
      soci::soci_error);
  EXPECT_LT(Clock::now() - started, 5s);
  Lease lease = pool.acquire();  // checked with SELECT 1, still usable
  int one = 0;
  *lease << "SELECT 1", soci::into(one);
  EXPECT_EQ(one, 1);
}

TEST_F(PostgresqlTest, NoticesDoNotReachStderr) {
  ConnectionPool& pool = makePool({.size = 1});
  Lease lease = pool.acquire();
  ::testing::internal::CaptureStderr();
  *lease << "DO $$ BEGIN RAISE NOTICE 'atrium-notice-marker'; END $$";
  *lease << "ROLLBACK";  // WARNING: there is no transaction in progress
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(err, "");
}

TEST_F(PostgresqlTest, BrokenConnectionIsReconnectedOnNextAcquire) {
  ConnectionPool& pool = makePool({.size = 1});
  int pid = 0;
  {
    Lease lease = pool.acquire();
    *lease << "SELECT pg_backend_pid()", soci::into(pid);
  }
  {
    Lease lease = admin().acquire();
    int terminated = 0;
    *lease << "SELECT CAST(pg_terminate_backend(:pid) AS INTEGER)", soci::use(pid),
        soci::into(terminated);
    ASSERT_EQ(terminated, 1);
  }
  std::this_thread::sleep_for(100ms);
  const auto select_one = [&pool] {
    Lease lease = pool.acquire();  // not suspect yet: handed out as is
    int one = 0;
    *lease << "SELECT 1", soci::into(one);
  };
  EXPECT_ANY_THROW(select_one());
  Lease lease = pool.acquire();  // suspect: SELECT 1 fails, reconnected and set up again
  int new_pid = 0;
  std::string timeout;
  *lease << "SELECT pg_backend_pid()", soci::into(new_pid);
  *lease << "SHOW statement_timeout", soci::into(timeout);
  EXPECT_NE(new_pid, pid);
  EXPECT_EQ(timeout, "30s");
}

TEST_F(PostgresqlTest, MissingDatabaseNamesTheRedactedUrl) {
  // server_url_ is postgresql://postgres@HOST:PORT/DB; add a password to check the redaction.
  const std::string target = withDatabase(server_url_, "atrium_no_such_db");
  const std::string with_password =
      "postgresql://postgres:hunter2@" + target.substr(target.find('@') + 1);
  try {
    ConnectionPool pool(parseDatabaseUrl(with_password, "/"), {});
    ADD_FAILURE() << "opened a database that does not exist";
  } catch (const DatabaseUnavailable& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("cannot open database postgresql://postgres:***@"), std::string::npos)
        << message;
    EXPECT_NE(message.find("atrium_no_such_db"), std::string::npos) << message;
    EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace atrium::host::db

#include "host/db/native_session.hpp"

#include <chrono>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "host/db/query_runner.hpp"
#include "host/db/transaction.hpp"
#include "tests/host/db/test_database.hpp"

namespace atrium::host::db {
namespace {

using namespace std::chrono_literals;

int64_t intOf(const QueryResult& result) { return std::get<int64_t>(result.rows.at(0).at(0)); }

class NativeSessionTest : public testing::BothBackendsTest {
 protected:
  bool sqlite() const { return GetParam() == Backend::kSqlite; }
  // Prepared statements the server holds for this session (PostgreSQL), else the cache's count.
  int64_t serverStatements(Lease& lease) {
    if (sqlite()) return static_cast<int64_t>(lease.native().cachedStatements());
    return intOf(runQuery(lease, "SELECT count(*) FROM pg_prepared_statements", {}));
  }
};
INSTANTIATE_TEST_SUITE_P(Backends, NativeSessionTest, testing::kBothBackends,
                         testing::testBackendName);

TEST_P(NativeSessionTest, SameSqlReusesOneStatement) {
  ConnectionPool& pool = makePool({.size = 1});
  Lease lease = pool.acquire();
  runQuery(lease, "CREATE TABLE t (id INTEGER PRIMARY KEY, v BIGINT)", {});
  const int64_t server_before = serverStatements(lease);
  const size_t before = lease.native().cachedStatements();
  for (int64_t i = 0; i < 1000; ++i) {
    runQuery(lease, "INSERT INTO t (id, v) VALUES (:id, :v)", {{"id", i}, {"v", i * 2}});
  }
  EXPECT_EQ(lease.native().cachedStatements(), before + 1);  // the INSERT
  EXPECT_EQ(serverStatements(lease), server_before + 1);
  EXPECT_EQ(intOf(runQuery(lease, "SELECT CAST(sum(v) AS BIGINT) FROM t", {})), 999 * 1000);
}

TEST_P(NativeSessionTest, CacheIsBoundedAndEvictsTheLeastRecentlyUsed) {
  ConnectionPool& pool = makePool({.size = 1, .statement_cache_size = 4});
  Lease lease = pool.acquire();
  for (int i = 0; i < 20; ++i) {
    const QueryResult r = runQuery(lease, "SELECT " + std::to_string(i) + " AS n", {});
    EXPECT_EQ(intOf(r), i);
  }
  EXPECT_EQ(lease.native().cachedStatements(), 4u);
  EXPECT_EQ(serverStatements(lease), 4);  // evicted ones were deallocated on the server too
  // An evicted statement is prepared again.
  EXPECT_EQ(intOf(runQuery(lease, "SELECT 0 AS n", {})), 0);
}

TEST_P(NativeSessionTest, ParameterTypesOfOneSqlText) {
  ConnectionPool& pool = makePool({.size = 1});
  Lease lease = pool.acquire();
  const std::string sql = "SELECT CAST(:v AS TEXT) AS v";
  EXPECT_EQ(runQuery(lease, sql, {{"v", int64_t{5}}}).rows.at(0).at(0), Value(std::string("5")));
  EXPECT_EQ(runQuery(lease, sql, {{"v", std::string("x")}}).rows.at(0).at(0),
            Value(std::string("x")));
  EXPECT_EQ(runQuery(lease, sql, {{"v", std::monostate{}}}).rows.at(0).at(0), Value());
  // SQLite binds any type to one statement; PostgreSQL prepares one per type combination
  // (int8, and untyped for text and NULL alike).
  EXPECT_EQ(lease.native().cachedStatements(), sqlite() ? 1u : 2u);
}

TEST_P(NativeSessionTest, SchemaChangeUnderACachedStatement) {
  ConnectionPool& pool = makePool({.size = 1});
  Lease lease = pool.acquire();
  runQuery(lease, "CREATE TABLE t (a INTEGER)", {});
  runQuery(lease, "INSERT INTO t (a) VALUES (1)", {});
  EXPECT_EQ(runQuery(lease, "SELECT * FROM t", {}).columns.size(), 1u);
  runQuery(lease, "ALTER TABLE t ADD COLUMN b TEXT", {});
  // SQLite re-prepares inside sqlite3_step() (the columns are read after it); PostgreSQL says
  // "cached plan must not change result type" and the statement is prepared again.
  const QueryResult r = runQuery(lease, "SELECT * FROM t", {});
  EXPECT_EQ(r.columns, (std::vector<std::string>{"a", "b"}));
}

TEST_P(NativeSessionTest, SuspectButHealthySessionKeepsItsCache) {
  ConnectionPool& pool = makePool({.size = 1});
  {
    Lease lease = pool.acquire();
    runQuery(lease, "SELECT 1 AS one", {});
    lease.markFailed();
  }
  Lease lease = pool.acquire();  // SELECT 1 succeeds: same connection, same statements
  EXPECT_EQ(lease.native().cachedStatements(), 1u);
}

class NativeSessionPostgresqlTest : public testing::PostgresqlTest {
 protected:
  void terminate(int64_t pid) {
    Lease lease = admin().acquire();
    int terminated = 0;
    *lease << "SELECT CAST(pg_terminate_backend(:pid) AS INTEGER)",
        soci::use(static_cast<long long>(pid)), soci::into(terminated);
    ASSERT_EQ(terminated, 1);
  }
};

TEST_F(NativeSessionPostgresqlTest, LostConnectionIsUnavailableAndTheNextLeaseWorks) {
  ConnectionPool& pool = makePool({.size = 1});
  int64_t pid = 0;
  {
    Lease lease = pool.acquire();
    pid = intOf(runQuery(lease, "SELECT pg_backend_pid()", {}));
    EXPECT_EQ(lease.native().cachedStatements(), 1u);
  }
  terminate(pid);
  std::this_thread::sleep_for(100ms);
  {
    Lease lease = pool.acquire();
    EXPECT_THROW(runQuery(lease, "SELECT pg_backend_pid()", {}), DatabaseUnavailable);
    // The lease was marked failed although the exception was caught here.
  }
  Lease lease = pool.acquire();  // reconnected: a new native session with an empty cache
  EXPECT_EQ(lease.native().cachedStatements(), 0u);
  EXPECT_NE(intOf(runQuery(lease, "SELECT pg_backend_pid()", {})), pid);
  EXPECT_EQ(runQuery(lease, "SHOW TimeZone", {}).rows.at(0).at(0), Value(std::string("UTC")));
}

TEST_F(NativeSessionPostgresqlTest, StatementsDroppedByDiscardAllArePreparedAgain) {
  ConnectionPool& pool = makePool({.size = 1});
  Lease lease = pool.acquire();
  EXPECT_EQ(intOf(runQuery(lease, "SELECT :v AS v", {{"v", int64_t{1}}})), 1);
  *lease << "DISCARD ALL";
  EXPECT_EQ(intOf(runQuery(lease, "SELECT :v AS v", {{"v", int64_t{2}}})), 2);
  // Inside a transaction the failed statement has aborted it: the error is reported, the
  // cache entry dropped, and the statement works again after the rollback.
  {
    Transaction tx(lease);
    *lease << "DEALLOCATE ALL";
    EXPECT_THROW(runQuery(lease, "SELECT :v AS v", {{"v", int64_t{3}}}), QueryError);
  }
  EXPECT_EQ(intOf(runQuery(lease, "SELECT :v AS v", {{"v", int64_t{4}}})), 4);
}

}  // namespace
}  // namespace atrium::host::db

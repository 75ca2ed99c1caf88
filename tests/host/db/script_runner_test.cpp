#include "host/db/script_runner.hpp"

#include <string>

#include <gtest/gtest.h>

#include "host/db/native_handles.hpp"
#include "host/db/transaction.hpp"
#include "tests/host/db/test_database.hpp"

namespace atrium::host::db {
namespace {

class ScriptRunnerTest : public testing::BothBackendsTest {
 protected:
  long long count(ConnectionPool& pool, const std::string& table) {
    Lease lease = pool.acquire();
    long long n = -1;
    *lease << "SELECT COUNT(*) FROM " + table, soci::into(n);
    return n;
  }
};
INSTANTIATE_TEST_SUITE_P(Backends, ScriptRunnerTest, testing::kBothBackends,
                         testing::testBackendName);

TEST_P(ScriptRunnerTest, RunsEveryStatementInOrder) {
  ConnectionPool& pool = makePool({.size = 1});
  {
    Lease lease = pool.acquire();
    runScript(lease, R"(
      -- a comment; with a semicolon
      CREATE TABLE items (id INTEGER PRIMARY KEY, note TEXT NOT NULL);
      INSERT INTO items (id, note) VALUES (1, 'a; b');
      /* block; comment */
      INSERT INTO items (id, note) VALUES (2, 'it''s');
      CREATE INDEX items_note ON items (note);
    )");
  }
  EXPECT_EQ(count(pool, "items"), 2);
  Lease lease = pool.acquire();
  std::string note;
  *lease << "SELECT note FROM items WHERE id = 1", soci::into(note);
  EXPECT_EQ(note, "a; b");
}

TEST_P(ScriptRunnerTest, EmptyAndCommentOnlyScriptsDoNothing) {
  ConnectionPool& pool = makePool({.size = 1});
  Lease lease = pool.acquire();
  EXPECT_NO_THROW(runScript(lease, ""));
  EXPECT_NO_THROW(runScript(lease, "  -- nothing here\n"));
}

TEST_P(ScriptRunnerTest, FailureNamesTheDatabaseMessageOnOneLine) {
  ConnectionPool& pool = makePool({.size = 1});
  Lease lease = pool.acquire();
  try {
    runScript(lease, "CREATE TABLE a (id INTEGER);\nINSERT INTO nowhere VALUES (1);\n");
    FAIL() << "no error";
  } catch (const ScriptError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("nowhere"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    if (GetParam() == Backend::kPostgresql) {
      EXPECT_NE(message.find("SQLSTATE 42P01, line 2"), std::string::npos) << message;
    }
  }
  // The session stays usable.
  int one = 0;
  *lease << "SELECT 1", soci::into(one);
  EXPECT_EQ(one, 1);
}

TEST_P(ScriptRunnerTest, InsideATransactionAFailureRollsBackTheWholeScript) {
  ConnectionPool& pool = makePool({.size = 1});
  {
    Lease lease = pool.acquire();
    *lease << "CREATE TABLE t (id INTEGER PRIMARY KEY)";
  }
  {
    Lease lease = pool.acquire();
    Transaction tx(lease);
    EXPECT_THROW(runScript(lease, "INSERT INTO t VALUES (1); INSERT INTO t VALUES (1);"),
                 ScriptError);
    EXPECT_TRUE(sessionInTransaction(lease));
  }
  EXPECT_EQ(count(pool, "t"), 0);
  {
    Lease lease = pool.acquire();
    EXPECT_FALSE(sessionInTransaction(lease));
    Transaction tx(lease);
    runScript(lease, "INSERT INTO t VALUES (1); INSERT INTO t VALUES (2);");
    EXPECT_TRUE(sessionInTransaction(lease));
    tx.commit();
  }
  EXPECT_EQ(count(pool, "t"), 2);
}

}  // namespace
}  // namespace atrium::host::db

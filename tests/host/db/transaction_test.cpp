#include "host/db/transaction.hpp"

#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/host/db/test_database.hpp"

namespace atrium::host::db {
namespace {

class TransactionTest : public testing::BothBackendsTest {
 protected:
  void createCounter(ConnectionPool& pool) {
    Lease lease = pool.acquire();
    *lease << "CREATE TABLE counter (id INTEGER PRIMARY KEY, value BIGINT NOT NULL)";
    *lease << "INSERT INTO counter (id, value) VALUES (1, 0)";
  }
  long long counterValue(ConnectionPool& pool) {
    Lease lease = pool.acquire();
    long long value = -1;
    *lease << "SELECT value FROM counter WHERE id = 1", soci::into(value);
    return value;
  }
};
INSTANTIATE_TEST_SUITE_P(Backends, TransactionTest, testing::kBothBackends,
                         testing::testBackendName);

TEST_P(TransactionTest, CommitKeepsAndDestructorRollsBack) {
  ConnectionPool& pool = makePool({.size = 1});
  createCounter(pool);
  {
    Lease lease = pool.acquire();
    Transaction tx(lease);
    *lease << "UPDATE counter SET value = 5 WHERE id = 1";
    tx.commit();
  }
  EXPECT_EQ(counterValue(pool), 5);
  {
    Lease lease = pool.acquire();
    Transaction tx(lease);
    *lease << "UPDATE counter SET value = 6 WHERE id = 1";
  }
  EXPECT_EQ(counterValue(pool), 5);
  {
    Lease lease = pool.acquire();
    Transaction tx(lease);
    *lease << "UPDATE counter SET value = 7 WHERE id = 1";
    tx.rollback();
  }
  EXPECT_EQ(counterValue(pool), 5);
}

// 8 threads, a pool of 4, read-modify-write on one row: no update may be lost.
TEST_P(TransactionTest, ConcurrentReadModifyWriteLosesNoUpdate) {
  constexpr int kThreads = 8;
  constexpr int kIncrements = 25;
  ConnectionPool& pool = makePool({.size = 4, .acquire_timeout = std::chrono::seconds(30)});
  createCounter(pool);
  // PostgreSQL (READ COMMITTED) needs the row lock; SQLite's BEGIN IMMEDIATE already serialises.
  const std::string select = std::string("SELECT value FROM counter WHERE id = 1") +
                             (GetParam() == Backend::kPostgresql ? " FOR UPDATE" : "");
  std::vector<std::string> errors(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      try {
        for (int i = 0; i < kIncrements; ++i) {
          Lease lease = pool.acquire();
          Transaction tx(lease);
          long long value = 0;
          *lease << select, soci::into(value);
          std::this_thread::yield();  // widen the race window
          ++value;
          *lease << "UPDATE counter SET value = :v WHERE id = 1", soci::use(value);
          tx.commit();
        }
      } catch (const std::exception& e) {
        errors[t] = e.what();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(errors[t], "") << "thread " << t;
  EXPECT_EQ(counterValue(pool), kThreads * kIncrements);
}

}  // namespace
}  // namespace atrium::host::db

#include "host/db/transaction_stack.hpp"

#include <stdexcept>

#include <gtest/gtest.h>

#include "tests/host/db/test_database.hpp"

namespace atrium::host::db {
namespace {

class TransactionStackTest : public testing::BothBackendsTest {
 protected:
  void SetUp() override {
    BothBackendsTest::SetUp();
    pool_ = &makePool({.size = 2});
    Lease lease = pool_->acquire();
    *lease << "CREATE TABLE t (v INTEGER NOT NULL)";
  }
  long long count() {
    Lease lease = pool_->acquire();
    long long n = -1;
    *lease << "SELECT count(*) FROM t", soci::into(n);
    return n;
  }
  static void insert(TransactionStack& tx, int v) {
    tx.lease().session() << "INSERT INTO t (v) VALUES (" + std::to_string(v) + ")";
  }
  ConnectionPool* pool_ = nullptr;
};
INSTANTIATE_TEST_SUITE_P(Backends, TransactionStackTest, testing::kBothBackends,
                         testing::testBackendName);

TEST_P(TransactionStackTest, CommitKeepsTheWorkAndReturnsTheConnection) {
  TransactionStack tx(pool_->acquire());
  EXPECT_EQ(tx.depth(), 1u);
  EXPECT_EQ(pool_->idle(), 1u);
  insert(tx, 1);
  tx.commit(1);
  EXPECT_EQ(tx.depth(), 0u);
  EXPECT_FALSE(tx.isOpen(1));
  EXPECT_EQ(pool_->idle(), 2u) << "the connection goes back when level 1 ends";
  EXPECT_EQ(count(), 1);
}

TEST_P(TransactionStackTest, DestructorRollsBack) {
  {
    TransactionStack tx(pool_->acquire());
    insert(tx, 1);
  }
  EXPECT_EQ(count(), 0);
  EXPECT_EQ(pool_->idle(), 2u);
}

TEST_P(TransactionStackTest, RollingBackASavepointKeepsTheOuterWork) {
  TransactionStack tx(pool_->acquire());
  insert(tx, 1);
  EXPECT_EQ(tx.push(), 2u);
  insert(tx, 2);
  EXPECT_EQ(tx.push(), 3u);
  insert(tx, 3);
  tx.commit(3);    // released into level 2
  tx.rollback(2);  // undoes 2 and 3
  EXPECT_EQ(tx.depth(), 1u);
  tx.commit(1);
  EXPECT_EQ(count(), 1);
}

TEST_P(TransactionStackTest, OnlyTheInnermostLevelCommits) {
  TransactionStack tx(pool_->acquire());
  tx.push();
  EXPECT_THROW(tx.commit(1), std::logic_error);
  EXPECT_EQ(tx.depth(), 2u) << "a refused commit changes nothing";
  tx.commit(2);
  EXPECT_THROW(tx.commit(2), std::logic_error) << "an ended level";
  tx.commit(1);
}

TEST_P(TransactionStackTest, RollingBackTheOuterLevelEndsTheInnerOnes) {
  TransactionStack tx(pool_->acquire());
  insert(tx, 1);
  tx.push();
  insert(tx, 2);
  tx.rollback(1);
  EXPECT_EQ(tx.depth(), 0u);
  EXPECT_FALSE(tx.isOpen(2));
  tx.rollback(2);  // a dead level: nothing happens
  EXPECT_EQ(count(), 0);
  EXPECT_EQ(pool_->idle(), 2u);
}

TEST_P(TransactionStackTest, AFailedStatementBlocksCommitUntilItsLevelIsRolledBack) {
  TransactionStack tx(pool_->acquire());
  insert(tx, 1);
  tx.push();
  tx.markStatementFailed();
  EXPECT_TRUE(tx.statementFailed());
  EXPECT_THROW(tx.commit(2), std::logic_error);
  EXPECT_THROW(tx.push(), std::logic_error);
  tx.rollback(2);
  EXPECT_FALSE(tx.statementFailed());
  tx.commit(1);
  EXPECT_EQ(count(), 1);
}

}  // namespace
}  // namespace atrium::host::db

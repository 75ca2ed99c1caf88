// The shared rate-limit store on SQLite and PostgreSQL: the same decisions as the algorithm,
// one limit across two databases handles (two instances), expiry cleanup, failures.
#include "host/middleware/database_rate_limit_store.hpp"

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "host/db/database.hpp"
#include "host/middleware/memory_rate_limit_store.hpp"
#include "tests/host/db/test_database.hpp"
#include "tests/support/captured_log.hpp"

namespace atrium::host::middleware {
namespace {

using db::testing::BothBackendsTest;

class DatabaseRateLimitStoreTest : public BothBackendsTest {
 protected:
  std::unique_ptr<db::Database> open(bool create = true) {
    auto database = std::make_unique<db::Database>(
        std::make_unique<db::ConnectionPool>(url(), db::PoolOptions{.size = 4}),
        db::DatabaseOptions{.health_check_interval = std::chrono::milliseconds(0)}, log_.sink());
    if (create) {
      // The host migration, statement by statement.
      std::ifstream file(std::string(ATRIUM_SOURCE_DIR) + "/sql/host/0002_create_rate_limits.sql");
      std::stringstream text;
      text << file.rdbuf();
      std::string sql = text.str();
      for (size_t start = 0, end; (end = sql.find(';', start)) != std::string::npos;
           start = end + 1) {
        database->query({"test.migrate", "test", ""}, sql.substr(start, end - start), {});
      }
    }
    return database;
  }
  void TearDown() override {
    databases_.clear();
    BothBackendsTest::TearDown();
  }

  static RateLimitPolicy window(int64_t window_ms, int64_t max) {
    RateLimitPolicy p;
    p.window_ms = window_ms;
    p.max = max;
    return p;
  }

  atrium::testing::CapturedLog log_;
  std::vector<std::unique_ptr<db::Database>> databases_;
};
INSTANTIATE_TEST_SUITE_P(Backends, DatabaseRateLimitStoreTest, db::testing::kBothBackends,
                         db::testing::testBackendName);

TEST_P(DatabaseRateLimitStoreTest, DecidesExactlyLikeTheMemoryStore) {
  databases_.push_back(open());
  DatabaseRateLimitStore store(*databases_[0]);
  MemoryRateLimitStore memory(1000);
  const auto policy = window(1000, 3);
  // Hits spread over three windows, in every mode.
  const std::vector<std::pair<int64_t, RateLimitMode>> hits = {
      {100, RateLimitMode::kCheckAndCount},  {200, RateLimitMode::kCheckAndCount},
      {300, RateLimitMode::kPeek},           {400, RateLimitMode::kCheckAndCount},
      {500, RateLimitMode::kCheckAndCount},  {600, RateLimitMode::kCount},
      {1200, RateLimitMode::kCheckAndCount}, {1700, RateLimitMode::kCheckAndCount},
      {1800, RateLimitMode::kCheckAndCount}, {1900, RateLimitMode::kPeek},
      {3500, RateLimitMode::kCheckAndCount}};
  for (const auto& [at, mode] : hits) {
    const auto expected = memory.apply("l", policy, "k", at, mode);
    const auto got = store.apply("l", policy, "k", at, mode);
    EXPECT_EQ(got.allowed, expected.allowed) << at;
    EXPECT_EQ(got.remaining, expected.remaining) << at;
    EXPECT_EQ(got.retry_after_ms, expected.retry_after_ms) << at;
    EXPECT_EQ(got.reset_ms, expected.reset_ms) << at;
  }
}

TEST_P(DatabaseRateLimitStoreTest, TokenBucketMatchesTheMemoryStore) {
  databases_.push_back(open());
  DatabaseRateLimitStore store(*databases_[0]);
  MemoryRateLimitStore memory(1000);
  RateLimitPolicy policy;
  policy.algorithm = RateLimitAlgorithm::kTokenBucket;
  policy.max = 2;
  policy.refill_per_ms = 0.001;
  for (int64_t at : {0, 0, 0, 500, 1000, 1000, 5000}) {
    const auto expected = memory.apply("b", policy, "k", at, RateLimitMode::kCheckAndCount);
    const auto got = store.apply("b", policy, "k", at, RateLimitMode::kCheckAndCount);
    EXPECT_EQ(got.allowed, expected.allowed) << at;
    EXPECT_EQ(got.remaining, expected.remaining) << at;
    EXPECT_EQ(got.retry_after_ms, expected.retry_after_ms) << at;
  }
}

TEST_P(DatabaseRateLimitStoreTest, LimitersAndKeysAreSeparateAndLongKeysAreHashed) {
  databases_.push_back(open());
  DatabaseRateLimitStore store(*databases_[0]);
  const auto policy = window(60000, 1);
  const std::string long_key(10000, 'k');
  EXPECT_TRUE(store.apply("a", policy, long_key, 10, RateLimitMode::kCheckAndCount).allowed);
  EXPECT_FALSE(store.apply("a", policy, long_key, 10, RateLimitMode::kCheckAndCount).allowed);
  EXPECT_TRUE(store.apply("b", policy, long_key, 10, RateLimitMode::kCheckAndCount).allowed);
  EXPECT_TRUE(store.apply("a", policy, "other", 10, RateLimitMode::kCheckAndCount).allowed);
  const auto rows = databases_[0]->query({"test.keys", "test", ""},
                                         "SELECT bucket_key FROM atrium_rate_limits "
                                         "WHERE limiter = 'a' ORDER BY bucket_key",
                                         {});
  ASSERT_EQ(rows.rows.size(), 2u);
  EXPECT_EQ(std::get<std::string>(rows.rows[0][0]), "other");
  EXPECT_EQ(std::get<std::string>(rows.rows[1][0]).substr(0, 7), "sha256:");
}

TEST_P(DatabaseRateLimitStoreTest, TwoInstancesConcurrentlyEnforceOneLimit) {
  databases_.push_back(open());
  databases_.push_back(open(false));  // a second pool on the same database: another instance
  DatabaseRateLimitStore first(*databases_[0]);
  DatabaseRateLimitStore second(*databases_[1]);
  const auto policy = window(600000, 25);
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      DatabaseRateLimitStore& store = t % 2 == 0 ? first : second;
      for (int i = 0; i < 15; ++i) {
        if (store.apply("shared", policy, "ip:1", 1000, RateLimitMode::kCheckAndCount).allowed) {
          ++allowed;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(allowed.load(), 25);
}

TEST_P(DatabaseRateLimitStoreTest, ExpiredRowsAreDeleted) {
  databases_.push_back(open());
  DatabaseRateLimitStore store(*databases_[0]);
  const auto policy = window(1000, 5);
  store.apply("l", policy, "old", 0, RateLimitMode::kCheckAndCount);  // expires at 2000
  store.apply("l", policy, "new", 5000, RateLimitMode::kCheckAndCount);
  EXPECT_EQ(store.deleteExpired(5000), 1);
  const auto rows = databases_[0]->query({"test.count", "test", ""},
                                         "SELECT bucket_key FROM atrium_rate_limits", {});
  ASSERT_EQ(rows.rows.size(), 1u);
  EXPECT_EQ(std::get<std::string>(rows.rows[0][0]), "new");
}

TEST_P(DatabaseRateLimitStoreTest, DatabaseFailureIsARateLimitStoreError) {
  databases_.push_back(open(false));  // no table: every statement fails
  DatabaseRateLimitStore store(*databases_[0]);
  EXPECT_THROW(store.apply("l", window(1000, 5), "k", 10, RateLimitMode::kCheckAndCount),
               RateLimitStoreError);
}

}  // namespace
}  // namespace atrium::host::middleware

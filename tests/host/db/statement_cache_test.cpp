#include "host/db/statement_cache.hpp"

#include <string>

#include <gtest/gtest.h>

namespace atrium::host::db {
namespace {

TEST(StatementCacheTest, FindsWhatWasInserted) {
  StatementCache<int> cache(4);
  EXPECT_EQ(cache.find("SELECT 1"), nullptr);
  EXPECT_FALSE(cache.insert("SELECT 1", 1).has_value());
  ASSERT_NE(cache.find("SELECT 1"), nullptr);
  EXPECT_EQ(*cache.find("SELECT 1"), 1);
  EXPECT_EQ(cache.size(), 1u);
}

TEST(StatementCacheTest, EvictsTheLeastRecentlyUsed) {
  StatementCache<int> cache(2);
  cache.insert("a", 1);
  cache.insert("b", 2);
  ASSERT_NE(cache.find("a"), nullptr);  // b is now the least recently used
  const std::optional<int> evicted = cache.insert("c", 3);
  ASSERT_TRUE(evicted.has_value());
  EXPECT_EQ(*evicted, 2);
  EXPECT_EQ(cache.find("b"), nullptr);
  EXPECT_NE(cache.find("a"), nullptr);
  EXPECT_NE(cache.find("c"), nullptr);
  EXPECT_EQ(cache.size(), 2u);
}

TEST(StatementCacheTest, EraseReturnsTheEntry) {
  StatementCache<std::string> cache(2);
  cache.insert("a", "one");
  EXPECT_EQ(cache.erase("a"), std::optional<std::string>("one"));
  EXPECT_EQ(cache.erase("a"), std::nullopt);
  EXPECT_EQ(cache.size(), 0u);
  cache.insert("a", "again");  // the key can come back
  EXPECT_EQ(*cache.find("a"), "again");
}

}  // namespace
}  // namespace atrium::host::db

#include "host/services/storage/storage_key.hpp"

#include <set>

#include <gtest/gtest.h>

namespace atrium::host::storage {
namespace {

TEST(StorageKeyTest, NewKeysAreRandomShardedAndValid) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string key = newStorageKey("jpg");
    ASSERT_EQ(key.size(), 2 + 1 + 2 + 1 + 32 + 4u) << key;
    EXPECT_TRUE(isValidStorageKey(key)) << key;
    EXPECT_EQ(key.substr(0, 2), key.substr(6, 2));
    EXPECT_EQ(key.substr(3, 2), key.substr(8, 2));
    EXPECT_EQ(storageKeyExtension(key), "jpg");
    EXPECT_TRUE(seen.insert(key).second) << "duplicate " << key;
  }
}

TEST(StorageKeyTest, RefusesEverythingElse) {
  const std::string good = "ab/cd/abcd0123456789abcdef0123456789ab.png";
  ASSERT_TRUE(isValidStorageKey(good));
  for (const std::string& bad : {
           std::string(""),
           std::string("../../etc/passwd"),
           std::string("/etc/passwd"),
           std::string("ab/cd/abcd0123456789abcdef0123456789ab.PNG"),   // upper-case ext
           std::string("AB/CD/ABCD0123456789ABCDEF0123456789AB.png"),   // upper-case hex
           std::string("ab/cd/abcd0123456789abcdef0123456789a.png"),    // 31 digits
           std::string("ab/cd/abcd0123456789abcdef0123456789abc.png"),  // 33 digits
           std::string("ab/ce/abcd0123456789abcdef0123456789ab.png"),   // wrong shard
           std::string("ab/cd/abcd0123456789abcdef0123456789ab."),      // empty extension
           std::string("ab/cd/abcd0123456789abcdef0123456789ab.toolongext"),
           std::string("ab/cd/abcd0123456789abcdef0123456789ab.p/g"),
           std::string("ab/cd/abcd0123456789abcdef0123456789ab.p.g"),
           std::string("ab\\cd\\abcd0123456789abcdef0123456789ab.png"),
           std::string("ab/cd/../cd/abcd0123456789abcdef01234567.png"),
           std::string("ab/cd/abcd0123456789abcdef0123456789ab.png\0", 43),
           std::string(".tmp/abcd0123456789abcdef0123456789ab.part"),
       }) {
    EXPECT_FALSE(isValidStorageKey(bad)) << bad;
  }
}

}  // namespace
}  // namespace atrium::host::storage

#include "host/common/sha256.hpp"

#include <string>

#include <gtest/gtest.h>

namespace atrium::host::common {
namespace {

// Test vectors from FIPS 180-2.
TEST(Sha256Test, KnownVectors) {
  EXPECT_EQ(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256Hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256Test, BinaryDataAndOneByteDifference) {
  const std::string with_nul("a\0b", 3);
  EXPECT_EQ(sha256Hex(with_nul).size(), 64u);
  EXPECT_NE(sha256Hex(with_nul), sha256Hex("ab"));
  EXPECT_NE(sha256Hex("CREATE TABLE t (a INT);"), sha256Hex("CREATE TABLE t (a INT);\n"));
}

}  // namespace
}  // namespace atrium::host::common

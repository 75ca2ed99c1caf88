#include "host/common/logger.hpp"

#include <chrono>
#include <string>

#include <gtest/gtest.h>

namespace atrium::host::common {
namespace {

TEST(IsoTimestampTest, FormatsUtcWithMilliseconds) {
  // 2026-11-22T02:15:01.123Z
  const auto at = std::chrono::system_clock::time_point(std::chrono::milliseconds(1795313701123));
  char out[kIsoTimestampLength];
  formatIsoTimestamp(at, out);
  EXPECT_EQ(std::string(out, sizeof(out)), "2026-11-22T02:15:01.123Z");
  EXPECT_EQ(isoTimestampNow().size(), kIsoTimestampLength);
}

}  // namespace
}  // namespace atrium::host::common

#include "host/db/timestamp_text.hpp"

#include <gtest/gtest.h>

namespace atrium::host::db {
namespace {

TEST(TimestampTextTest, UtcFormsBecomeIsoWithZ) {
  EXPECT_EQ(normaliseTimestamp("2024-03-05 06:07:08"), "2024-03-05T06:07:08Z");
  EXPECT_EQ(normaliseTimestamp("2024-03-05T06:07:08"), "2024-03-05T06:07:08Z");
  EXPECT_EQ(normaliseTimestamp("2024-03-05T06:07:08Z"), "2024-03-05T06:07:08Z");
  EXPECT_EQ(normaliseTimestamp("2024-03-05 06:07:08+00"), "2024-03-05T06:07:08Z");
  EXPECT_EQ(normaliseTimestamp("2024-03-05T06:07:08+00:00"), "2024-03-05T06:07:08Z");
  EXPECT_EQ(normaliseTimestamp("2024-03-05 06:07:08.123456+00"), "2024-03-05T06:07:08.123456Z");
}

TEST(TimestampTextTest, FractionLosesTrailingZeros) {
  EXPECT_EQ(normaliseTimestamp("2024-03-05 06:07:08.500"), "2024-03-05T06:07:08.5Z");
  EXPECT_EQ(normaliseTimestamp("2024-03-05 06:07:08.000Z"), "2024-03-05T06:07:08Z");
  EXPECT_EQ(normaliseTimestamp("2024-03-05 06:07:08.050"), "2024-03-05T06:07:08.05Z");
}

TEST(TimestampTextTest, AnythingElseIsUnchanged) {
  for (const char* text :
       {"2024-03-05", "2024-03-05 06:07:08+02", "2024-03-05 06:07", "infinity", "-infinity",
        "2024-03-05 06:07:08 BC", "12024-03-05 06:07:08+00", "2024-03-05 06:07:08.", "", "soon"}) {
    EXPECT_EQ(normaliseTimestamp(text), text);
  }
}

}  // namespace
}  // namespace atrium::host::db

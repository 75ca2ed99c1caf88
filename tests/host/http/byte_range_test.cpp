#include "host/http/byte_range.hpp"

#include <gtest/gtest.h>

namespace atrium::host::http {
namespace {

using Kind = ByteRange::Kind;

TEST(ByteRangeTest, SingleRanges) {
  auto r = parseByteRange("bytes=0-99", 1000);
  EXPECT_EQ(r.kind, Kind::kPartial);
  EXPECT_EQ(r.first, 0u);
  EXPECT_EQ(r.last, 99u);
  EXPECT_EQ(r.length(), 100u);
  r = parseByteRange("bytes=900-", 1000);
  EXPECT_EQ(r.first, 900u);
  EXPECT_EQ(r.last, 999u);
  r = parseByteRange("bytes=-100", 1000);
  EXPECT_EQ(r.first, 900u);
  EXPECT_EQ(r.last, 999u);
  r = parseByteRange("bytes=-5000", 1000);  // longer suffix than the file: all of it
  EXPECT_EQ(r.kind, Kind::kPartial);
  EXPECT_EQ(r.first, 0u);
  r = parseByteRange("Bytes=10-2000 ", 1000);  // last clipped to the end
  EXPECT_EQ(r.kind, Kind::kPartial);
  EXPECT_EQ(r.last, 999u);
  r = parseByteRange("bytes=999-999", 1000);
  EXPECT_EQ(r.length(), 1u);
}

TEST(ByteRangeTest, Unsatisfiable) {
  EXPECT_EQ(parseByteRange("bytes=1000-", 1000).kind, Kind::kUnsatisfiable);
  EXPECT_EQ(parseByteRange("bytes=5000-6000", 1000).kind, Kind::kUnsatisfiable);
  EXPECT_EQ(parseByteRange("bytes=-0", 1000).kind, Kind::kUnsatisfiable);
  EXPECT_EQ(parseByteRange("bytes=0-", 0).kind, Kind::kUnsatisfiable);
}

TEST(ByteRangeTest, IgnoredMeansWhole) {
  for (std::string_view header :
       {"", "bytes", "items=0-1", "bytes=a-b", "bytes=5-1", "bytes=0-1,3-4", "bytes=-",
        "bytes=+1-2", "bytes=1-2-3", "bytes=99999999999999999999999-"}) {
    EXPECT_EQ(parseByteRange(header, 1000).kind, Kind::kWhole) << header;
  }
}

}  // namespace
}  // namespace atrium::host::http

#include "host/config/scalar_parsers.hpp"

#include <gtest/gtest.h>

namespace atrium::host::config {
namespace {

TEST(ScalarParsersTest, Integers) {
  EXPECT_EQ(parseInteger("42"), 42);
  EXPECT_EQ(parseInteger("-7"), -7);
  EXPECT_EQ(parseInteger("+3"), 3);
  EXPECT_EQ(parseInteger("-9223372036854775808"), INT64_MIN);
  EXPECT_EQ(parseInteger("9223372036854775808"), std::nullopt);
  EXPECT_EQ(parseInteger(""), std::nullopt);
  EXPECT_EQ(parseInteger("-"), std::nullopt);
  EXPECT_EQ(parseInteger("1.0"), std::nullopt);
  EXPECT_EQ(parseInteger("0x10"), std::nullopt);
  EXPECT_EQ(parseInteger(" 1"), std::nullopt);
  EXPECT_EQ(parseInteger("1_000"), std::nullopt);
}

TEST(ScalarParsersTest, Numbers) {
  EXPECT_EQ(parseNumber("1"), 1.0);
  EXPECT_EQ(parseNumber("1.5"), 1.5);
  EXPECT_EQ(parseNumber("-2e3"), -2000.0);
  EXPECT_EQ(parseNumber(".5"), 0.5);
  EXPECT_EQ(parseNumber("."), std::nullopt);
  EXPECT_EQ(parseNumber("1e"), std::nullopt);
  EXPECT_EQ(parseNumber("inf"), std::nullopt);
  EXPECT_EQ(parseNumber("nan"), std::nullopt);
  EXPECT_EQ(parseNumber("1e999"), std::nullopt);
  EXPECT_EQ(parseNumber("abc"), std::nullopt);
}

TEST(ScalarParsersTest, BooleansAndNulls) {
  EXPECT_EQ(parseBoolean("true"), true);
  EXPECT_EQ(parseBoolean("FALSE"), false);
  EXPECT_EQ(parseBoolean("yes"), std::nullopt);
  EXPECT_EQ(parseBoolean("on"), std::nullopt);
  EXPECT_TRUE(isNullText("~"));
  EXPECT_TRUE(isNullText("null"));
  EXPECT_TRUE(isNullText(""));
  EXPECT_FALSE(isNullText("none"));
}

TEST(ScalarParsersTest, Sizes) {
  EXPECT_EQ(parseSize("1024"), 1024);
  EXPECT_EQ(parseSize("512B"), 512);
  EXPECT_EQ(parseSize("64KiB"), 64 * 1024);
  EXPECT_EQ(parseSize("10MiB"), 10 * 1024 * 1024);
  EXPECT_EQ(parseSize("10 MiB"), 10 * 1024 * 1024);
  EXPECT_EQ(parseSize("1GiB"), int64_t{1} << 30);
  EXPECT_EQ(parseSize("2TiB"), int64_t{2} << 40);
  EXPECT_EQ(parseSize("10MB"), std::nullopt);
  EXPECT_EQ(parseSize("10kib"), std::nullopt);
  EXPECT_EQ(parseSize("-1"), std::nullopt);
  EXPECT_EQ(parseSize("1.5MiB"), std::nullopt);
  EXPECT_EQ(parseSize("MiB"), std::nullopt);
  EXPECT_EQ(parseSize("10 "), std::nullopt);
  EXPECT_EQ(parseSize("99999999999TiB"), std::nullopt);
}

TEST(ScalarParsersTest, Durations) {
  EXPECT_EQ(parseDuration("250"), 250);
  EXPECT_EQ(parseDuration("250ms"), 250);
  EXPECT_EQ(parseDuration("10s"), 10000);
  EXPECT_EQ(parseDuration("5m"), 300000);
  EXPECT_EQ(parseDuration("1h"), 3600000);
  EXPECT_EQ(parseDuration("365d"), int64_t{365} * 86400000);
  EXPECT_EQ(parseDuration("1h30m"), 5400000);
  EXPECT_EQ(parseDuration("1h30"), std::nullopt);
  EXPECT_EQ(parseDuration("10 s"), std::nullopt);
  EXPECT_EQ(parseDuration("1.5s"), std::nullopt);
  EXPECT_EQ(parseDuration("10sec"), std::nullopt);
  EXPECT_EQ(parseDuration("-5s"), std::nullopt);
  EXPECT_EQ(parseDuration("s"), std::nullopt);
}

}  // namespace
}  // namespace atrium::host::config

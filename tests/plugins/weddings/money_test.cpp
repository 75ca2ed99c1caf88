#include "plugins/weddings/domain/money.hpp"

#include <gtest/gtest.h>

namespace atrium::plugins::weddings {
namespace {

constexpr int64_t kMax = 1'000'000'000'000;

TEST(AmountTest, ParsesNumbersAndDecimalTextIntoMinorUnits) {
  EXPECT_EQ(parseAmount(150000, kMax), 15'000'000);
  EXPECT_EQ(parseAmount("150000", kMax), 15'000'000);
  EXPECT_EQ(parseAmount("99.5", kMax), 9950);
  EXPECT_EQ(parseAmount("0.01", kMax), 1);
  EXPECT_EQ(parseAmount(0.1, kMax), 10);
  EXPECT_EQ(parseAmount(250000.25, kMax), 25'000'025);
}

TEST(AmountTest, RefusesWhatIsNotAPositiveAmountWithTwoDecimals) {
  for (const nlohmann::json& bad :
       {nlohmann::json(0), nlohmann::json(-1), nlohmann::json("0.00"), nlohmann::json("1.234"),
        nlohmann::json("1."), nlohmann::json(".5"), nlohmann::json("1e5"), nlohmann::json("-3"),
        nlohmann::json(" 5"), nlohmann::json(""), nlohmann::json(true), nlohmann::json(nullptr),
        nlohmann::json(0.001), nlohmann::json(1e300), nlohmann::json::array()}) {
    EXPECT_FALSE(parseAmount(bad, kMax).has_value()) << bad;
  }
  EXPECT_FALSE(parseAmount(kMax + 1, kMax).has_value());
  EXPECT_FALSE(parseAmount("99999999999999999999999", kMax).has_value());
  EXPECT_FALSE(parseAmount(nlohmann::json(18446744073709551615ULL), kMax).has_value());
}

TEST(AmountTest, JsonShowsWholeAmountsAsIntegers) {
  EXPECT_EQ(amountJson(15'000'000).dump(), "150000");
  EXPECT_EQ(amountJson(9950).dump(), "99.5");
  EXPECT_EQ(amountJson(30).dump(), "0.3");
}

TEST(GiftStatsTest, ExactTotalsPerUtcDay) {
  const int64_t day1 = 1781265600000;  // 2026-06-12T12:00:00Z, in milliseconds
  const nlohmann::json stats =
      giftStats({{10, day1}, {20, day1 + 3'600'000}, {15'000'000, day1 + 86'400'000}});
  EXPECT_EQ(stats["count"], 3);
  EXPECT_EQ(stats["total"].dump(), "150000.3");
  ASSERT_EQ(stats["byDay"].size(), 2u);
  EXPECT_EQ(stats["byDay"][0]["date"], "2026-06-12");
  EXPECT_EQ(stats["byDay"][0]["total"].dump(), "0.3");
  EXPECT_EQ(stats["byDay"][1]["count"], 1);
  EXPECT_EQ(giftStats({})["total"], 0);
}

}  // namespace
}  // namespace atrium::plugins::weddings

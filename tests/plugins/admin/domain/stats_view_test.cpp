#include "plugins/admin/domain/stats_view.hpp"

#include <gtest/gtest.h>

namespace atrium::plugins::admin {
namespace {

using Json = nlohmann::json;

TEST(ScaledJsonTest, RendersMinorUnitsLikeTheWeddingsPlugin) {
  EXPECT_EQ(scaledJson(15000050, 2).dump(), "150000.5");
  EXPECT_EQ(scaledJson(15000000, 2).dump(), "150000");
  EXPECT_TRUE(scaledJson(15000000, 2).is_number_integer());
  EXPECT_EQ(scaledJson(9999, 2).dump(), "99.99");
  EXPECT_EQ(scaledJson(5, 2).dump(), "0.05");
  EXPECT_EQ(scaledJson(0, 2).dump(), "0");
  EXPECT_EQ(scaledJson(-250, 2).dump(), "-2.5");
  EXPECT_EQ(scaledJson(1234, 0).dump(), "1234");
  EXPECT_EQ(scaledJson(1234, 3).dump(), "1.234");
  // Whole amounts beyond 2^53 stay exact integers.
  EXPECT_EQ(scaledJson(900719925474099300, 2).dump(), "9007199254740993");
  EXPECT_EQ(scaledJson(INT64_MAX, 18).dump(), "9.223372036854776");
  EXPECT_THROW(scaledJson(1, 19), std::invalid_argument);
}

TEST(RenderStatsTest, KeepsConfigOrderInsideTheEnvelope) {
  const auto metrics = parseMetrics(Json::parse(R"([
    {"name": "totalUsers", "table": "u"},
    {"name": "totalGiftsAmount", "table": "g", "op": "sum", "column": "a", "scale": 2},
    {"name": "anotherCount", "table": "m"}
  ])"));
  EXPECT_EQ(renderStats(metrics, {3, 30000075, 0}, Envelope::kSuccessData),
            R"({"success":true,"data":{"totalUsers":3,"totalGiftsAmount":300000.75,)"
            R"("anotherCount":0}})");
  EXPECT_EQ(renderStats(metrics, {3, 100, 1}, Envelope::kBare),
            R"({"totalUsers":3,"totalGiftsAmount":1,"anotherCount":1})");
  EXPECT_THROW(renderStats(metrics, {1, 2}, Envelope::kBare), std::invalid_argument);
}

}  // namespace
}  // namespace atrium::plugins::admin

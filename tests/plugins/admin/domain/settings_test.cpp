#include "plugins/admin/domain/settings.hpp"

#include <gtest/gtest.h>

namespace atrium::plugins::admin {
namespace {

using Json = nlohmann::json;

TEST(AdminSettingsTest, ReadsTtlEnvelopeAndMetrics) {
  const Settings s = parseSettings(Json::parse(
      R"({"cache_ttl": 2500, "envelope": "bare", "stats": [{"name": "n", "table": "t"}]})"));
  EXPECT_EQ(s.cache_ttl.count(), 2500);
  EXPECT_EQ(s.envelope, Envelope::kBare);
  ASSERT_EQ(s.metrics.size(), 1u);
  const Settings defaults =
      parseSettings(Json::parse(R"({"stats": [{"name": "n", "table": "t"}]})"));
  EXPECT_EQ(defaults.cache_ttl.count(), 10000);
  EXPECT_EQ(defaults.envelope, Envelope::kSuccessData);
}

TEST(AdminSettingsTest, RefusesBadValues) {
  EXPECT_THROW(parseSettings(Json::parse(R"({})")), MetricError);
  EXPECT_THROW(parseSettings(Json::parse(R"({"cache_ttl": -1, "stats": [{"name": "n",
      "table": "t"}]})")),
               MetricError);
  EXPECT_THROW(parseSettings(Json::parse(R"({"envelope": "xml", "stats": [{"name": "n",
      "table": "t"}]})")),
               MetricError);
  EXPECT_THROW(parseSettings(Json::array()), MetricError);
}

}  // namespace
}  // namespace atrium::plugins::admin

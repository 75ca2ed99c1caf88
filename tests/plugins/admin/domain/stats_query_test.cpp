#include "plugins/admin/domain/stats_query.hpp"

#include <gtest/gtest.h>

namespace atrium::plugins::admin {
namespace {

using Json = nlohmann::json;

std::vector<Metric> taklifnoma() {
  return parseMetrics(Json::parse(R"([
    {"name": "totalUsers", "table": "accounts_users"},
    {"name": "totalGiftsAmount", "table": "wedding_gifts", "op": "sum", "column": "amount_minor",
     "scale": 2},
    {"name": "totalAIGenerations", "table": "atrium_ai_usage",
     "where": {"product": "taklifnoma", "outcome": "ok"}},
    {"name": "unverified", "table": "accounts_users", "column": "email",
     "where": {"email_verified": 0, "banned_at": null}}
  ])"));
}

TEST(StatsStatementTest, OneStatementWithAScalarSubqueryPerMetric) {
  const Statement st = statsStatement(taklifnoma());
  EXPECT_EQ(st.sql,
            "SELECT (SELECT COUNT(*) FROM accounts_users) AS m0, "
            "(SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM wedding_gifts) AS m1, "
            "(SELECT COUNT(*) FROM atrium_ai_usage WHERE outcome = :p2_0 AND product = :p2_1) "
            "AS m2, "
            "(SELECT COUNT(email) FROM accounts_users WHERE banned_at IS NULL AND email_verified "
            "= :p3_1) AS m3");
  ASSERT_EQ(st.params.size(), 3u);
  EXPECT_EQ(st.params[0].name, "p2_0");
  EXPECT_EQ(std::get<std::string>(st.params[0].value), "ok");
  EXPECT_EQ(st.params[1].name, "p2_1");
  EXPECT_EQ(std::get<std::string>(st.params[1].value), "taklifnoma");
  EXPECT_EQ(st.params[2].name, "p3_1");
  EXPECT_EQ(std::get<int64_t>(st.params[2].value), 0);
}

TEST(StatsStatementTest, ValuesNeverReachTheSql) {
  const auto metrics =
      parseMetrics(Json::parse(R"([{"name": "x", "table": "t", "where": {"c": "' OR 1=1 --"}}])"));
  const Statement st = statsStatement(metrics);
  EXPECT_EQ(st.sql, "SELECT (SELECT COUNT(*) FROM t WHERE c = :p0_0) AS m0");
  EXPECT_EQ(std::get<std::string>(st.params.at(0).value), "' OR 1=1 --");
}

TEST(ProbeStatementTest, ReadsNoRowsButNamesEveryColumn) {
  const auto metrics = taklifnoma();
  EXPECT_EQ(probeStatement(metrics[0]).sql, "SELECT COUNT(*) FROM accounts_users WHERE 1 = 0");
  EXPECT_EQ(probeStatement(metrics[1]).sql,
            "SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM wedding_gifts WHERE 1 = 0");
  const Statement probe = probeStatement(metrics[2]);
  EXPECT_EQ(probe.sql,
            "SELECT COUNT(*) FROM atrium_ai_usage WHERE outcome = :p0_0 AND product = :p0_1 AND "
            "1 = 0");
  EXPECT_EQ(probe.params.size(), 2u);
}

}  // namespace
}  // namespace atrium::plugins::admin

#include "plugins/admin/domain/metric.hpp"

#include <gtest/gtest.h>

namespace atrium::plugins::admin {
namespace {

using Json = nlohmann::json;

std::string errorOf(const Json& stats) {
  try {
    parseMetrics(stats);
  } catch (const MetricError& e) {
    return e.what();
  }
  return "";
}

TEST(IdentifierTest, AcceptsOnlyLowerCaseSqlIdentifiers) {
  for (const char* good : {"users", "_x", "wedding_gifts", "a1", "amount_minor"}) {
    EXPECT_TRUE(isIdentifier(good)) << good;
  }
  EXPECT_TRUE(isIdentifier(std::string(63, 'a')));
  EXPECT_FALSE(isIdentifier(std::string(64, 'a')));
  for (const char* bad : {"", "Users", "1abc", "users;", "a b", "users--", "\"users\"", "a.b",
                          "users WHERE 1=1", "ü", "a-b"}) {
    EXPECT_FALSE(isIdentifier(bad)) << bad;
  }
}

TEST(ParseMetricsTest, ReadsEveryKeyInOrder) {
  const auto metrics = parseMetrics(Json::parse(R"([
    {"name": "totalUsers", "table": "accounts_users"},
    {"name": "totalGiftsAmount", "table": "wedding_gifts", "op": "sum", "column": "amount_minor",
     "scale": 2},
    {"name": "ai", "table": "atrium_ai_usage", "where": {"product": "taklifnoma", "attempts": 1,
     "user_id": null}},
    {"name": "withPhone", "table": "accounts_users", "op": "count", "column": "phone"}
  ])"));
  ASSERT_EQ(metrics.size(), 4u);
  EXPECT_EQ(metrics[0].name, "totalUsers");
  EXPECT_EQ(metrics[0].op, MetricOp::kCount);
  EXPECT_TRUE(metrics[0].column.empty());
  EXPECT_EQ(metrics[1].op, MetricOp::kSum);
  EXPECT_EQ(metrics[1].column, "amount_minor");
  EXPECT_EQ(metrics[1].scale, 2);
  ASSERT_EQ(metrics[2].where.size(), 3u);
  EXPECT_EQ(metrics[2].where[0].column, "attempts");
  EXPECT_EQ(std::get<int64_t>(metrics[2].where[0].value), 1);
  EXPECT_EQ(std::get<std::string>(metrics[2].where[1].value), "taklifnoma");
  EXPECT_TRUE(std::holds_alternative<std::nullptr_t>(metrics[2].where[2].value));
  EXPECT_EQ(metrics[3].column, "phone");
}

TEST(ParseMetricsTest, RefusesBadIdentifiersNamingTheKey) {
  EXPECT_EQ(errorOf(Json::parse(R"([{"name": "a", "table": "users; DROP TABLE x"}])")),
            "stats[0].table: 'users; DROP TABLE x' is not a lower-case SQL identifier "
            "(^[a-z_][a-z0-9_]{0,62}$)");
  EXPECT_NE(errorOf(Json::parse(R"([{"name": "a", "table": "t"},
      {"name": "b", "table": "t", "op": "sum", "column": "Amount"}])"))
                .find("stats[1].column: 'Amount' is not"),
            std::string::npos);
  EXPECT_NE(errorOf(Json::parse(R"([{"name": "a", "table": "t", "where": {"x = 1 OR y": 1}}])"))
                .find("stats[0].where.x = 1 OR y: 'x = 1 OR y' is not"),
            std::string::npos);
  EXPECT_NE(errorOf(Json::parse(R"([{"name": "a"}])")).find("stats[0].table"), std::string::npos);
  EXPECT_NE(errorOf(Json::parse(R"([{"name": "a", "table": 5}])")).find("stats[0].table: 5"),
            std::string::npos);
}

TEST(ParseMetricsTest, RefusesInconsistentMetrics) {
  EXPECT_EQ(errorOf(Json::parse(R"([{"name": "a", "table": "t", "op": "sum"}])")),
            "stats[0].column: a sum needs the column it adds up");
  EXPECT_EQ(errorOf(Json::parse(R"([{"name": "a", "table": "t", "op": "avg"}])")),
            "stats[0].op: 'avg' is not count or sum");
  EXPECT_EQ(errorOf(Json::parse(R"([{"name": "a", "table": "t", "scale": 2}])")),
            "stats[0].scale: applies only to op: sum");
  EXPECT_EQ(errorOf(Json::parse(
                R"([{"name": "a", "table": "t", "op": "sum", "column": "c", "scale": 19}])")),
            "stats[0].scale: must be an integer from 0 to 18");
  EXPECT_EQ(errorOf(Json::parse(R"([{"name": "a", "table": "t"}, {"name": "a", "table": "u"}])")),
            "stats[1].name: 'a' is already used by another metric");
  EXPECT_EQ(errorOf(Json::parse(R"([{"name": "", "table": "t"}])")),
            "stats[0].name: must be text of 1 to 64 bytes");
  EXPECT_EQ(errorOf(Json::array()), "stats: must be a non-empty list of metrics");
  EXPECT_EQ(errorOf(Json::object()), "stats: must be a non-empty list of metrics");
}

TEST(ParseMetricsTest, WhereValuesAreStringsIntegersOrNull) {
  EXPECT_NE(errorOf(Json::parse(R"([{"name": "a", "table": "t", "where": {"f": true}}])"))
                .find("stats[0].where.f: a boolean cannot be compared portably"),
            std::string::npos);
  EXPECT_NE(errorOf(Json::parse(R"([{"name": "a", "table": "t", "where": {"f": 1.5}}])"))
                .find("must be a string, an integer or null"),
            std::string::npos);
  EXPECT_NE(errorOf(Json::parse(R"([{"name": "a", "table": "t", "where": {"f": [1]}}])"))
                .find("must be a string, an integer or null"),
            std::string::npos);
  Json long_value = Json::parse(R"([{"name": "a", "table": "t", "where": {}}])");
  long_value[0]["where"]["f"] = std::string(1001, 'x');
  EXPECT_NE(errorOf(long_value).find("longer than 1000 bytes"), std::string::npos);
  EXPECT_EQ(errorOf(Json::parse(R"([{"name": "a", "table": "t", "where": "f = 1"}])")),
            "stats[0].where: must be a map column: value");
}

}  // namespace
}  // namespace atrium::plugins::admin

#include "host/db/query_metrics.hpp"

#include <string>

#include <gtest/gtest.h>

namespace atrium::host::db {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

TEST(QueryMetricsTest, CountsByStatementAndOutcome) {
  QueryMetrics metrics;
  metrics.record("items.get", "ok", microseconds(80));
  metrics.record("items.get", "ok", milliseconds(3));
  metrics.record("items.get", "unique_violation", microseconds(120));
  metrics.record("items.list", "unavailable", milliseconds(2000));
  EXPECT_EQ(metrics.count("items.get", "ok"), 2u);
  EXPECT_EQ(metrics.count("items.get", "unique_violation"), 1u);
  EXPECT_EQ(metrics.count("items.list", "unavailable"), 1u);
  EXPECT_EQ(metrics.count("items.list", "ok"), 0u);
  EXPECT_EQ(metrics.count("nope", "ok"), 0u);
}

TEST(QueryMetricsTest, RendersPrometheusText) {
  QueryMetrics metrics;
  metrics.record("items.get", "ok", microseconds(80));
  metrics.record("items.get", "ok", milliseconds(3));
  metrics.record("items.get", "busy", milliseconds(20000));
  metrics.recordTransaction("commit");
  metrics.recordTransaction("rollback");
  metrics.recordTransaction("rollback");
  std::string out;
  metrics.renderPrometheus(out);
  for (const char* line : {
           "# TYPE atrium_db_queries_total counter\n",
           "atrium_db_queries_total{statement=\"items.get\",outcome=\"ok\"} 2\n",
           "atrium_db_queries_total{statement=\"items.get\",outcome=\"busy\"} 1\n",
           "# TYPE atrium_db_query_duration_seconds histogram\n",
           "atrium_db_query_duration_seconds_bucket{statement=\"items.get\",le=\"5e-05\"} 0\n",
           "atrium_db_query_duration_seconds_bucket{statement=\"items.get\",le=\"0.0001\"} 1\n",
           "atrium_db_query_duration_seconds_bucket{statement=\"items.get\",le=\"0.005\"} 2\n",
           "atrium_db_query_duration_seconds_bucket{statement=\"items.get\",le=\"10\"} 2\n",
           "atrium_db_query_duration_seconds_bucket{statement=\"items.get\",le=\"+Inf\"} 3\n",
           "atrium_db_query_duration_seconds_count{statement=\"items.get\"} 3\n",
           "atrium_db_query_duration_seconds_sum{statement=\"items.get\"} 20.00308\n",
           "atrium_db_transactions_total{outcome=\"commit\"} 1\n",
           "atrium_db_transactions_total{outcome=\"rollback\"} 2\n",
           "atrium_db_transactions_total{outcome=\"failed\"} 0\n",
       }) {
    EXPECT_NE(out.find(line), std::string::npos) << line << "\n--- in ---\n" << out;
  }
  EXPECT_EQ(out.find("outcome=\"unique_violation\""), std::string::npos)
      << "outcomes that never happened to a statement are not rendered";
}

TEST(QueryMetricsTest, CardinalityIsBounded) {
  QueryMetrics metrics;
  for (size_t i = 0; i < QueryMetrics::kMaxStatements + 10; ++i) {
    metrics.record("s" + std::to_string(i), "ok", microseconds(1));
  }
  EXPECT_EQ(metrics.count("_other", "ok"), 10u);
  EXPECT_EQ(metrics.count("s0", "ok"), 1u);
  metrics.record("s0", "ok", microseconds(1));
  EXPECT_EQ(metrics.count("s0", "ok"), 2u) << "known names keep counting";
}

TEST(QueryMetricsTest, StatementNames) {
  EXPECT_TRUE(isValidStatementName("items.get"));
  EXPECT_TRUE(isValidStatementName("a_1.b_2"));
  EXPECT_TRUE(isValidStatementName(std::string(64, 'a')));
  EXPECT_FALSE(isValidStatementName(""));
  EXPECT_FALSE(isValidStatementName(std::string(65, 'a')));
  EXPECT_FALSE(isValidStatementName("Items.get"));
  EXPECT_FALSE(isValidStatementName("items get"));
  EXPECT_FALSE(isValidStatementName("items\"}"));
}

}  // namespace
}  // namespace atrium::host::db

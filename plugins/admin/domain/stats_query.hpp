// The SQL of the statistics: every metric is a scalar subquery of ONE statement, so that all
// numbers come from one snapshot of the database on both backends (a statement never sees a
// half-committed transaction). Identifiers were validated by parseMetrics; values are bound
// parameters. Pure (unit-tested).
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "plugins/admin/domain/metric.hpp"

namespace atrium::plugins::admin {

struct SqlParam {
  std::string name;
  std::variant<std::string, int64_t> value;
};

struct Statement {
  std::string sql;
  std::vector<SqlParam> params;
};

// SELECT (SELECT COUNT(*) FROM users) AS m0,
//        (SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM wedding_gifts) AS m1, ...
// Column mN is metric N, always an integer (sums exact, 0 on an empty table).
Statement statsStatement(const std::vector<Metric>& metrics);

// The metric's subquery with a false condition added: it reads no rows, but the database still
// checks that the table, the column and the where columns exist (used at start-up).
Statement probeStatement(const Metric& metric);

}  // namespace atrium::plugins::admin

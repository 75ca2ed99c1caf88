#include "plugins/admin/domain/stats_query.hpp"

namespace atrium::plugins::admin {
namespace {

std::string aggregate(const Metric& m) {
  if (m.op == MetricOp::kSum) return "CAST(COALESCE(SUM(" + m.column + "), 0) AS BIGINT)";
  return m.column.empty() ? "COUNT(*)" : "COUNT(" + m.column + ")";
}

// "(SELECT <aggregate> FROM <table> WHERE ...)" with its parameters named p<index>_<n>.
std::string subquery(const Metric& m, size_t index, bool probe, std::vector<SqlParam>& params) {
  std::string sql = "SELECT " + aggregate(m) + " FROM " + m.table;
  std::vector<std::string> conditions;
  for (size_t n = 0; n < m.where.size(); ++n) {
    const WhereClause& clause = m.where[n];
    if (std::holds_alternative<std::nullptr_t>(clause.value)) {
      conditions.push_back(clause.column + " IS NULL");
      continue;
    }
    const std::string name = "p" + std::to_string(index) + "_" + std::to_string(n);
    conditions.push_back(clause.column + " = :" + name);
    if (const auto* text = std::get_if<std::string>(&clause.value)) {
      params.push_back({name, *text});
    } else {
      params.push_back({name, std::get<int64_t>(clause.value)});
    }
  }
  if (probe) conditions.push_back("1 = 0");
  for (size_t n = 0; n < conditions.size(); ++n)
    sql += (n == 0 ? " WHERE " : " AND ") + conditions[n];
  return sql;
}

}  // namespace

Statement statsStatement(const std::vector<Metric>& metrics) {
  Statement st;
  st.sql = "SELECT ";
  for (size_t i = 0; i < metrics.size(); ++i) {
    if (i > 0) st.sql += ", ";
    st.sql += "(" + subquery(metrics[i], i, false, st.params) + ") AS m" + std::to_string(i);
  }
  return st;
}

Statement probeStatement(const Metric& metric) {
  Statement st;
  st.sql = subquery(metric, 0, true, st.params);
  return st;
}

}  // namespace atrium::plugins::admin

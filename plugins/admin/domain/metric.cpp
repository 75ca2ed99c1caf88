#include "plugins/admin/domain/metric.hpp"

#include <limits>
#include <set>

namespace atrium::plugins::admin {
namespace {

constexpr size_t kMaxIdentifierLength = 63;
constexpr size_t kMaxWhereValueLength = 1000;

std::string at(size_t index, std::string_view key) {
  return "stats[" + std::to_string(index) + "]" + (key.empty() ? "" : ".") + std::string(key);
}

std::string identifier(const nlohmann::json& value, const std::string& where) {
  if (!value.is_string() || !isIdentifier(value.get_ref<const std::string&>())) {
    throw MetricError(where + ": " +
                      (value.is_string() ? "'" + value.get<std::string>() + "'" : value.dump()) +
                      " is not a lower-case SQL identifier (^[a-z_][a-z0-9_]{0,62}$)");
  }
  return value.get<std::string>();
}

WhereValue whereValue(const nlohmann::json& value, const std::string& where) {
  if (value.is_null()) return nullptr;
  if (value.is_string()) {
    if (value.get_ref<const std::string&>().size() > kMaxWhereValueLength) {
      throw MetricError(where + ": longer than " + std::to_string(kMaxWhereValueLength) + " bytes");
    }
    return value.get<std::string>();
  }
  if (value.is_number_integer() &&
      !(value.is_number_unsigned() &&
        value.get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max()))) {
    return value.get<int64_t>();
  }
  if (value.is_boolean()) {
    throw MetricError(where +
                      ": a boolean cannot be compared portably; write 1 or 0 (flags are "
                      "stored as 0/1 integers)");
  }
  throw MetricError(where + ": must be a string, an integer or null, not " + value.dump());
}

Metric parseMetric(const nlohmann::json& entry, size_t index) {
  if (!entry.is_object()) throw MetricError(at(index, "") + ": must be an object");
  Metric m;
  const nlohmann::json name = entry.value("name", nlohmann::json());
  if (!name.is_string() || name.get_ref<const std::string&>().empty() ||
      name.get_ref<const std::string&>().size() > kMaxMetricNameLength) {
    throw MetricError(at(index, "name") + ": must be text of 1 to " +
                      std::to_string(kMaxMetricNameLength) + " bytes");
  }
  m.name = name.get<std::string>();
  m.table = identifier(entry.value("table", nlohmann::json()), at(index, "table"));
  const std::string op = entry.value("op", std::string("count"));
  if (op == "sum") {
    m.op = MetricOp::kSum;
  } else if (op != "count") {
    throw MetricError(at(index, "op") + ": '" + op + "' is not count or sum");
  }
  if (entry.contains("column") && !entry["column"].is_null()) {
    m.column = identifier(entry["column"], at(index, "column"));
  } else if (m.op == MetricOp::kSum) {
    throw MetricError(at(index, "column") + ": a sum needs the column it adds up");
  }
  const nlohmann::json scale = entry.value("scale", nlohmann::json(0));
  if (!scale.is_number_integer() || scale.get<int64_t>() < 0 || scale.get<int64_t>() > kMaxScale) {
    throw MetricError(at(index, "scale") + ": must be an integer from 0 to " +
                      std::to_string(kMaxScale));
  }
  m.scale = scale.get<int>();
  if (m.op == MetricOp::kCount && m.scale != 0) {
    throw MetricError(at(index, "scale") + ": applies only to op: sum");
  }
  const nlohmann::json where = entry.value("where", nlohmann::json::object());
  if (!where.is_object()) throw MetricError(at(index, "where") + ": must be a map column: value");
  for (const auto& [column, value] : where.items()) {
    const std::string path = at(index, "where." + column);
    if (!isIdentifier(column)) {
      throw MetricError(path + ": '" + column +
                        "' is not a lower-case SQL identifier (^[a-z_][a-z0-9_]{0,62}$)");
    }
    m.where.push_back({column, whereValue(value, path)});
  }
  return m;
}

}  // namespace

bool isIdentifier(std::string_view text) {
  if (text.empty() || text.size() > kMaxIdentifierLength) return false;
  if (!(text[0] == '_' || (text[0] >= 'a' && text[0] <= 'z'))) return false;
  for (const char c : text) {
    if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

std::vector<Metric> parseMetrics(const nlohmann::json& stats) {
  if (!stats.is_array() || stats.empty()) {
    throw MetricError("stats: must be a non-empty list of metrics");
  }
  std::vector<Metric> metrics;
  std::set<std::string> names;
  for (size_t i = 0; i < stats.size(); ++i) {
    Metric m = parseMetric(stats[i], i);
    if (!names.insert(m.name).second) {
      throw MetricError(at(i, "name") + ": '" + m.name + "' is already used by another metric");
    }
    metrics.push_back(std::move(m));
  }
  return metrics;
}

}  // namespace atrium::plugins::admin

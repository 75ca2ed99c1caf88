// The statistics an administrator sees, as the product's config declares them: each metric is a
// count or an exact integer sum over one table, optionally filtered by column = value. Pure
// (unit-tested): no SQL runs here.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace atrium::plugins::admin {

class MetricError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class MetricOp { kCount, kSum };

// A `where` value: bound as a statement parameter, never spliced into SQL. A null asks for
// `column IS NULL`.
using WhereValue = std::variant<std::nullptr_t, std::string, int64_t>;

struct WhereClause {
  std::string column;
  WhereValue value;
};

struct Metric {
  std::string name;  // the member in the answer (any text, unique)
  std::string table;
  MetricOp op = MetricOp::kCount;
  std::string column;  // sum: required; count: optional (counts non-NULL values)
  int scale = 0;       // sum: decimals of the stored integer (2: minor units -> currency)
  std::vector<WhereClause> where;
};

inline constexpr size_t kMaxMetricNameLength = 64;
inline constexpr int kMaxScale = 18;

// True for a lower-case SQL identifier: ^[a-z_][a-z0-9_]{0,62}$ (no quoting is ever needed).
bool isIdentifier(std::string_view text);

// The `stats` list of the plugin's config, in order. Throws MetricError naming the entry
// (stats[2].table, ...) for a name that is empty, too long or repeated, an identifier that is
// not one, a sum without a column, a scale on a count, or a where value that is not a string,
// an integer or null.
std::vector<Metric> parseMetrics(const nlohmann::json& stats);

}  // namespace atrium::plugins::admin

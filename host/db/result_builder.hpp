#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "host/db/query_error.hpp"
#include "host/db/query_result.hpp"

namespace atrium::host::db {

// Collects decoded rows and enforces QueryOptions::max_result_bytes while doing so: every value
// costs 16 bytes plus the bytes of its text or blob. Past the limit: QueryError(kTooLarge).
class ResultBuilder {
 public:
  explicit ResultBuilder(size_t max_bytes) : max_bytes_(max_bytes) {}

  void addColumn(std::string name) { result_.columns.push_back(std::move(name)); }
  void beginRow() {
    result_.rows.emplace_back();
    result_.rows.back().reserve(result_.columns.size());
  }
  // Out of line: inlined, GCC 12 reports a false -Wmaybe-uninitialized in std::variant's move.
  void add(Value value);
  void setAffectedRows(int64_t rows) { result_.affected_rows = rows; }
  QueryResult take() { return std::move(result_); }

 private:
  static constexpr size_t kValueCost = 16;

  size_t max_bytes_;
  size_t used_ = 0;
  QueryResult result_;
};

}  // namespace atrium::host::db

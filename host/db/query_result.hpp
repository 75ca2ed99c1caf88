#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "host/db/value.hpp"

namespace atrium::host::db {

// Everything one statement produced, decoded into backend-neutral values:
//  - integers of any width are kInt (int64); REAL/float4/float8/numeric are kDouble;
//  - PostgreSQL boolean, and SQLite columns declared BOOL/BOOLEAN, are kBool;
//  - BLOB/bytea are kBlob (raw bytes); everything else, json/jsonb and uuid included, is kText;
//  - timestamps are ISO-8601 UTC text "YYYY-MM-DDTHH:MM:SS[.ffffff]Z" on both backends, the
//    fraction without trailing zeros (PostgreSQL timestamptz/timestamp, read with TimeZone UTC;
//    SQLite columns declared TIMESTAMP/DATETIME holding "YYYY-MM-DD HH:MM:SS[.fff]" or the ISO
//    form, with 'Z', "+00:00" or no zone); other text in such a column is returned unchanged;
//    dates are "YYYY-MM-DD" (PostgreSQL date; SQLite text as stored).
struct QueryResult {
  std::vector<std::string> columns;      // column names in SELECT order
  std::vector<std::vector<Value>> rows;  // rows[i].size() == columns.size()
  int64_t affected_rows = 0;             // INSERT/UPDATE/DELETE: rows changed; SELECT: 0
};

}  // namespace atrium::host::db

#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "host/db/native_handles.hpp"
#include "host/db/query_options.hpp"
#include "host/db/query_result.hpp"
#include "host/db/value.hpp"

namespace atrium::host::db {

struct SqliteFinalize {
  void operator()(sqlite_api::sqlite3_stmt* stmt) const { sqlite_api::sqlite3_finalize(stmt); }
};
using SqliteStatementPtr = std::unique_ptr<sqlite_api::sqlite3_stmt, SqliteFinalize>;

// A prepared statement and the parameter name behind each ?k placeholder (names[k-1]).
struct SqlitePrepared {
  SqliteStatementPtr stmt;
  std::vector<std::string> names;
};

// Rewrites :name parameters to ?k and prepares the statement. Throws QueryError: kInvalidQuery
// for a syntax error, an empty SQL text, more than one statement, or placeholders other than
// :name (?, ?5, @x, $x); kBusy when the schema is locked.
SqlitePrepared prepareSqlite(sqlite_api::sqlite3* db, std::string_view sql);

// Binds `values` (one per placeholder, in order), steps to the end and decodes every row (see
// QueryResult for the rules). The statement is reset and its bindings cleared on return, so
// the caller's values need only live for the call. Throws QueryError.
QueryResult executeSqlite(sqlite_api::sqlite3* db, sqlite_api::sqlite3_stmt* stmt,
                          const std::vector<const Value*>& values, const QueryOptions& options);

}  // namespace atrium::host::db

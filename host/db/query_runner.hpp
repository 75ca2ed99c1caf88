#pragma once

#include <string_view>

#include "host/db/connection_pool.hpp"
#include "host/db/query_error.hpp"
#include "host/db/query_options.hpp"
#include "host/db/query_result.hpp"
#include "host/db/value.hpp"

namespace atrium::host::db {

// Runs ONE statement on a leased session with named parameters (":email"), on either backend,
// through the session's native handle (docs/database.md: "Why statements run on the native
// handles").
//  - The SQL is prepared once per session and cached (PoolOptions::statement_cache_size texts,
//    least recently used evicted; the cache is dropped when the session is reconnected or
//    closed); later calls with the same text reuse it. On PostgreSQL the parameter types are
//    part of the prepared statement: one text keeps one statement per type combination seen.
//  - Parameters bind by name; a name used in the SQL but missing from `params`, given in
//    `params` but unused, or given twice is kInvalidQuery, and so are other placeholder styles
//    (`?`, `$1`, `@x`). `::` (PostgreSQL casts), string literals, quoted identifiers, comments
//    and PostgreSQL dollar-quoted strings are not parameters.
//  - Typed binding: int64, double, text, bool, blob, NULL (std::monostate). Text holding a NUL
//    byte is kInvalidQuery on both backends (PostgreSQL text cannot hold one; use a blob).
//  - `INSERT ... RETURNING id` returns its rows like a SELECT. More than one statement in `sql`
//    is kInvalidQuery (a trailing ';' or comment is fine).
//  - kTooLarge is raised after the statement ran: a write is not undone (use a Transaction).
// Errors: QueryError (the session stays usable), DatabaseUnavailable when the connection is lost
// (the lease is marked failed so the pool checks the session before reuse).
QueryResult runQuery(Lease& lease, std::string_view sql, const Params& params,
                     const QueryOptions& options = {});

}  // namespace atrium::host::db

#pragma once

#include <cstddef>
#include <string_view>

#include "host/db/connection_pool.hpp"
#include "host/db/query_error.hpp"
#include "host/db/query_result.hpp"
#include "host/db/value.hpp"

namespace atrium::host::db {

struct QueryOptions {
  // Ceiling on the decoded result (sum of text/blob bytes plus 16 bytes per value); past it the
  // query fails with QueryErrorKind::kTooLarge and nothing is returned.
  size_t max_result_bytes = 64 * 1024 * 1024;
};

// Runs ONE statement on a leased session with named parameters (":email"), on either backend.
//  - The SQL is prepared once per session and cached (the cache is dropped when the session is
//    reconnected); later calls with the same text reuse it.
//  - Parameters bind by name; a name used in the SQL but missing from `params`, or given in
//    `params` but unused, is kInvalidQuery. `::` (PostgreSQL casts), string literals, quoted
//    identifiers and comments are not parameters.
//  - Typed binding: int64, double, text, bool, blob, NULL (std::monostate).
//  - `INSERT ... RETURNING id` returns its rows like a SELECT.
// Errors: QueryError (the session stays usable), DatabaseUnavailable when the connection is lost
// (the lease is marked failed so the pool checks the session before reuse).
QueryResult runQuery(Lease& lease, std::string_view sql, const Params& params,
                     const QueryOptions& options = {});

}  // namespace atrium::host::db

#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

#include "host/db/database_url.hpp"
#include "host/db/query_options.hpp"
#include "host/db/query_result.hpp"
#include "host/db/soci.hpp"
#include "host/db/value.hpp"

namespace atrium::host::db {

// Runs statements on the native handle (sqlite3* / PGconn*) of one pooled SOCI session, with a
// bounded cache of prepared statements. The pool creates it after the session is opened and set
// up, and destroys it (finalizing / deallocating the statements) before the session is
// reconnected or closed. SOCI keeps owning the connection.
class NativeSession {
 public:
  virtual ~NativeSession() = default;
  NativeSession(const NativeSession&) = delete;
  NativeSession& operator=(const NativeSession&) = delete;

  // One statement; see runQuery(). Throws QueryError, or DatabaseUnavailable when the
  // connection is lost.
  virtual QueryResult run(std::string_view sql, const Params& params,
                          const QueryOptions& options) = 0;
  // Prepared statements held right now.
  virtual size_t cachedStatements() const = 0;

 protected:
  NativeSession() = default;
};

// The native session for a SOCI session of `backend`, caching up to `cache_capacity` statements.
std::unique_ptr<NativeSession> makeNativeSession(Backend backend, soci::session& session,
                                                 size_t cache_capacity);

}  // namespace atrium::host::db

#pragma once

// The native connection behind a SOCI session. The backend structs are reached with a
// static_cast: libsoci's typeinfo is hidden, so dynamic_cast cannot work. The caller knows the
// backend (the pool's URL decides which one it opened).

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "host/db/connection_pool.hpp"
#include "host/db/soci.hpp"

namespace atrium::host::db {

inline PGconn* pgConnection(soci::session& session) {
  return static_cast<soci::postgresql_session_backend*>(session.get_backend())->conn_;
}

inline sqlite_api::sqlite3* sqliteConnection(soci::session& session) {
  return static_cast<soci::sqlite3_session_backend*>(session.get_backend())->conn_;
}

// The same for a leased session (the lease knows its backend).
inline sqlite_api::sqlite3* sqliteHandle(Lease& lease) { return sqliteConnection(lease.session()); }
inline PGconn* postgresqlHandle(Lease& lease) { return pgConnection(lease.session()); }

// Whether the session is inside a transaction block, as the database sees it (SQLite: not in
// autocommit mode; PostgreSQL: not idle).
inline bool inTransaction(soci::session& session, Backend backend) {
  if (backend == Backend::kSqlite) {
    return sqlite_api::sqlite3_get_autocommit(sqliteConnection(session)) == 0;
  }
  return PQtransactionStatus(pgConnection(session)) != PQTRANS_IDLE;
}
inline bool sessionInTransaction(Lease& lease) {
  return inTransaction(lease.session(), lease.backend());
}

}  // namespace atrium::host::db

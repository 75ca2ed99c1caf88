#pragma once

// The native connection behind a leased SOCI session, for what SOCI cannot do: run a script of
// several statements, ask whether a transaction is open. The SOCI backend object is reached
// with static_cast as in connection_pool.cpp (libsoci hides its typeinfo, so dynamic_cast
// cannot be used). The backend headers stay in the .cpp files.

#include "host/db/connection_pool.hpp"

struct pg_conn;
namespace sqlite_api {
struct sqlite3;
}

namespace atrium::host::db {

// The sqlite3* of a SQLite lease. Only when lease.backend() == Backend::kSqlite.
sqlite_api::sqlite3* sqliteHandle(Lease& lease);

// The PGconn* of a PostgreSQL lease. Only when lease.backend() == Backend::kPostgresql.
pg_conn* postgresqlHandle(Lease& lease);

// Whether the session is inside a transaction block, as the database sees it (SQLite: not in
// autocommit mode; PostgreSQL: not idle).
bool sessionInTransaction(Lease& lease);

}  // namespace atrium::host::db

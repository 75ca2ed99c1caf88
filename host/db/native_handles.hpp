#pragma once

// The native connection behind a SOCI session. The backend structs are reached with a
// static_cast: libsoci's typeinfo is hidden, so dynamic_cast cannot work. The caller knows the
// backend (the pool's URL decides which one it opened).

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "host/db/soci.hpp"

namespace atrium::host::db {

inline PGconn* pgConnection(soci::session& session) {
  return static_cast<soci::postgresql_session_backend*>(session.get_backend())->conn_;
}

inline sqlite_api::sqlite3* sqliteConnection(soci::session& session) {
  return static_cast<soci::sqlite3_session_backend*>(session.get_backend())->conn_;
}

}  // namespace atrium::host::db

#include "host/db/native_session.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

namespace atrium::host::db {

sqlite_api::sqlite3* sqliteHandle(Lease& lease) {
  return static_cast<soci::sqlite3_session_backend*>(lease.session().get_backend())->conn_;
}

pg_conn* postgresqlHandle(Lease& lease) {
  return static_cast<soci::postgresql_session_backend*>(lease.session().get_backend())->conn_;
}

bool sessionInTransaction(Lease& lease) {
  if (lease.backend() == Backend::kSqlite) {
    return sqlite_api::sqlite3_get_autocommit(sqliteHandle(lease)) == 0;
  }
  return PQtransactionStatus(postgresqlHandle(lease)) != PQTRANS_IDLE;
}

}  // namespace atrium::host::db

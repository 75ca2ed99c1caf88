#include "host/db/native_session.hpp"

#include "host/db/native_handles.hpp"
#include "host/db/postgres_session.hpp"
#include "host/db/sqlite_session.hpp"

namespace atrium::host::db {

std::unique_ptr<NativeSession> makeNativeSession(Backend backend, soci::session& session,
                                                 size_t cache_capacity) {
  if (backend == Backend::kSqlite) {
    return std::make_unique<SqliteSession>(sqliteConnection(session), cache_capacity);
  }
  return std::make_unique<PostgresSession>(pgConnection(session), cache_capacity);
}

}  // namespace atrium::host::db

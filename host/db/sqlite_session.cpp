#include "host/db/sqlite_session.hpp"

#include <string>

#include "host/db/named_parameters.hpp"

namespace atrium::host::db {

QueryResult SqliteSession::run(std::string_view sql, const Params& params,
                               const QueryOptions& options) {
  SqlitePrepared* prepared = cache_.find(sql);
  if (prepared == nullptr) {
    cache_.insert(std::string(sql), prepareSqlite(db_, sql));  // an evicted one is finalized
    prepared = cache_.find(sql);
  }
  const std::vector<const Value*> values = orderParameters(prepared->names, params);
  return executeSqlite(db_, prepared->stmt.get(), values, options);
}

}  // namespace atrium::host::db

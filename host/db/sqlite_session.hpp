#pragma once

#include "host/db/native_session.hpp"
#include "host/db/sqlite_statement.hpp"
#include "host/db/statement_cache.hpp"

namespace atrium::host::db {

// NativeSession on a sqlite3 handle: statements cached by SQL text, finalized on eviction and
// when this object is destroyed (before SOCI closes or reopens the handle).
class SqliteSession final : public NativeSession {
 public:
  SqliteSession(sqlite_api::sqlite3* db, size_t cache_capacity) : db_(db), cache_(cache_capacity) {}

  QueryResult run(std::string_view sql, const Params& params, const QueryOptions& options) override;
  size_t cachedStatements() const override { return cache_.size(); }

 private:
  sqlite_api::sqlite3* db_;
  StatementCache<SqlitePrepared> cache_;
};

}  // namespace atrium::host::db

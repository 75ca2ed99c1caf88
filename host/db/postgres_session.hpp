#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "host/db/native_session.hpp"
#include "host/db/postgres_statement.hpp"
#include "host/db/statement_cache.hpp"

namespace atrium::host::db {

// NativeSession on a PGconn: statements prepared with PQprepare under generated names
// (atrium_1, atrium_2, ...) and run with PQexecPrepared. The cache is keyed by SQL text; the
// parameter types are part of a prepared statement, so one SQL text holds up to kMaxVariants
// statements, one per combination of parameter types seen. Evicted statements are DEALLOCATEd
// (later, when no transaction is open, so that a failure cannot abort the caller's transaction).
// Destroying this object sends nothing: the pool destroys it just before it reconnects or
// closes the connection, which drops the server's statements.
class PostgresSession final : public NativeSession {
 public:
  static constexpr size_t kMaxVariants = 4;

  PostgresSession(PGconn* conn, size_t cache_capacity) : conn_(conn), cache_(cache_capacity) {}

  QueryResult run(std::string_view sql, const Params& params, const QueryOptions& options) override;
  size_t cachedStatements() const override { return statements_; }

 private:
  struct Variant {
    std::vector<Oid> types;
    std::string name;
  };
  struct Entry {
    std::string sql;  // with $1..$n
    std::vector<std::string> names;
    std::vector<Variant> variants;  // most recent last
  };

  Entry& entryFor(std::string_view sql);
  const std::string& statementFor(Entry& entry, const PgParams& bound);
  void forget(std::string_view sql, bool deallocate);
  void retire(Entry&& entry);
  void deallocatePending();

  PGconn* conn_;
  StatementCache<Entry> cache_;
  size_t statements_ = 0;   // prepared statements over all entries
  uint64_t next_name_ = 1;  // atrium_<n>
  std::vector<std::string> pending_deallocate_;
};

}  // namespace atrium::host::db

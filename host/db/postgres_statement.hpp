#pragma once

#include <memory>
#include <string>
#include <vector>

#include "host/db/native_handles.hpp"
#include "host/db/query_options.hpp"
#include "host/db/query_result.hpp"
#include "host/db/value.hpp"

namespace atrium::host::db {

struct PgClear {
  void operator()(PGresult* result) const { PQclear(result); }
};
using PgResultPtr = std::unique_ptr<PGresult, PgClear>;

// Parameters ready for PQprepare / PQexecPrepared: text format with explicit types (int8 20,
// float8 701, bool 16 as "t"/"f"), bytea 17 in binary format, text and NULL untyped (0: the
// server infers the type from the context, so text compared to a timestamptz column works).
struct PgParams {
  std::vector<Oid> types;
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats;
  std::vector<std::string> storage;  // text forms of numbers; reserved up front, never moves
};

// `values` must outlive the returned object (text and blob values are not copied).
PgParams bindPostgres(const std::vector<const Value*>& values);

// The rows of a PGRES_TUPLES_OK / PGRES_COMMAND_OK result, decoded by column type (see
// QueryResult). affected_rows comes from INSERT/UPDATE/DELETE/MERGE command tags only.
QueryResult decodePostgres(const PGresult* result, const QueryOptions& options);

// The SQLSTATE of a failed result ("" when there is none).
std::string sqlState(const PGresult* result);

// Throws DatabaseUnavailable when the connection is gone (PQstatus not OK), otherwise
// QueryError with the kind for the SQLSTATE and the primary message on one line (in data
// exceptions, class 22, the quoted parts are elided: they quote the offending input).
[[noreturn]] void throwPostgresError(PGconn* conn, const PGresult* result);

}  // namespace atrium::host::db

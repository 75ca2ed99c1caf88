#include "host/db/script_runner.hpp"

#include <cstdlib>
#include <memory>
#include <string>

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "host/db/error_text.hpp"
#include "host/db/native_handles.hpp"

namespace atrium::host::db {
namespace {

// The 1-based line of the 1-based character `position` (PostgreSQL counts characters, not
// bytes; UTF-8 continuation bytes are skipped).
int lineAt(std::string_view script, long position) {
  int line = 1;
  long characters = 0;
  for (const char c : script) {
    if ((static_cast<unsigned char>(c) & 0xC0) == 0x80) continue;
    if (++characters >= position) break;
    if (c == '\n') ++line;
  }
  return line;
}

void runSqlite(Lease& lease, std::string_view script) {
  const std::string text(script);  // sqlite3_exec wants a terminated string
  char* error = nullptr;
  const int rc =
      sqlite_api::sqlite3_exec(sqliteHandle(lease), text.c_str(), nullptr, nullptr, &error);
  if (rc == SQLITE_OK) return;
  const std::string message = error != nullptr ? error : sqlite_api::sqlite3_errstr(rc);
  sqlite_api::sqlite3_free(error);
  throw ScriptError(oneLine(message));
}

// Leaves a COPY the script started, so that the connection is usable again.
void abandonCopy(PGconn* conn, ExecStatusType status) {
  if (status == PGRES_COPY_IN || status == PGRES_COPY_BOTH) {
    PQputCopyEnd(conn, "COPY is not supported in scripts");
  }
  char* buffer = nullptr;
  while (PQgetCopyData(conn, &buffer, 0) > 0) PQfreemem(buffer);
  while (PGresult* rest = PQgetResult(conn)) PQclear(rest);
}

std::string describePgError(const PGresult* result, std::string_view script) {
  const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
  if (primary == nullptr) return oneLine(PQresultErrorMessage(result));
  std::string message = primary;
  if (const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE)) {
    message += std::string(" (SQLSTATE ") + state;
    if (const char* position = PQresultErrorField(result, PG_DIAG_STATEMENT_POSITION)) {
      message += ", line " + std::to_string(lineAt(script, std::strtol(position, nullptr, 10)));
    }
    message += ")";
  }
  return oneLine(message);
}

void runPostgresql(Lease& lease, std::string_view script) {
  PGconn* conn = postgresqlHandle(lease);
  const std::string text(script);
  const std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(conn, text.c_str()), PQclear);
  const ExecStatusType status =
      result != nullptr ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) {
    return;
  }
  if (status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH) {
    abandonCopy(conn, status);
    throw ScriptError("COPY FROM STDIN / TO STDOUT is not supported in scripts");
  }
  if (PQstatus(conn) != CONNECTION_OK) {
    lease.markFailed();
    throw DatabaseUnavailable("database connection lost: " + oneLine(PQerrorMessage(conn)));
  }
  throw ScriptError(result != nullptr ? describePgError(result.get(), script)
                                      : oneLine(PQerrorMessage(conn)));
}

}  // namespace

void runScript(Lease& lease, std::string_view script) {
  if (lease.backend() == Backend::kSqlite) {
    runSqlite(lease, script);
  } else {
    runPostgresql(lease, script);
  }
}

}  // namespace atrium::host::db

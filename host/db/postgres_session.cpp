#include "host/db/postgres_session.hpp"

#include <optional>
#include <string>

#include "host/db/named_parameters.hpp"
#include "host/db/query_error.hpp"

namespace atrium::host::db {
namespace {

// A statement that PostgreSQL no longer holds (DEALLOCATE ALL, DISCARD ALL), or whose result
// columns changed under it (ALTER TABLE after SELECT *): prepare again.
bool staleStatement(const std::string& state, const PGresult* result) {
  if (state == "26000") return true;
  const char* message = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
  return state == "0A000" && message != nullptr &&
         std::string_view(message).starts_with("cached plan must not change result type");
}

// A COPY leaves the connection in copy mode: end it so that the session stays usable.
void abandonCopy(PGconn* conn, ExecStatusType status) {
  if (status == PGRES_COPY_IN || status == PGRES_COPY_BOTH) {
    PQputCopyEnd(conn, "COPY is not supported by runQuery");
  }
  if (status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH) {
    char* buffer = nullptr;
    while (PQgetCopyData(conn, &buffer, 0) > 0) PQfreemem(buffer);
  }
  while (PGresult* rest = PQgetResult(conn)) PQclear(rest);
}

}  // namespace

QueryResult PostgresSession::run(std::string_view sql, const Params& params,
                                 const QueryOptions& options) {
  for (int attempt = 0;; ++attempt) {
    Entry& entry = entryFor(sql);
    deallocatePending();  // what entryFor() evicted, so the server holds at most the capacity
    const std::vector<const Value*> values = orderParameters(entry.names, params);
    const PgParams bound = bindPostgres(values);
    const std::string& name = statementFor(entry, bound);
    const PgResultPtr result(PQexecPrepared(conn_, name.c_str(), static_cast<int>(values.size()),
                                            bound.values.data(), bound.lengths.data(),
                                            bound.formats.data(), 0));
    const ExecStatusType status =
        result == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(result.get());
    switch (status) {
      case PGRES_TUPLES_OK:
      case PGRES_COMMAND_OK: return decodePostgres(result.get(), options);
      case PGRES_EMPTY_QUERY:
        throw QueryError(QueryErrorKind::kInvalidQuery, "empty SQL: no statement to run");
      case PGRES_COPY_IN:
      case PGRES_COPY_OUT:
      case PGRES_COPY_BOTH:
        abandonCopy(conn_, status);
        throw QueryError(QueryErrorKind::kInvalidQuery, "COPY is not supported by runQuery");
      default: break;
    }
    const std::string state = sqlState(result.get());
    if (PQstatus(conn_) == CONNECTION_OK && staleStatement(state, result.get())) {
      forget(sql, state != "26000");  // 26000: the server no longer has it
      if (attempt == 0 && PQtransactionStatus(conn_) == PQTRANS_IDLE) continue;
    }
    throwPostgresError(conn_, result.get());
  }
}

PostgresSession::Entry& PostgresSession::entryFor(std::string_view sql) {
  if (Entry* found = cache_.find(sql)) return *found;
  ParsedSql parsed = parseNamedParameters(sql, Backend::kPostgresql);
  std::optional<Entry> evicted =
      cache_.insert(std::string(sql), Entry{std::move(parsed.sql), std::move(parsed.names), {}});
  if (evicted) retire(std::move(*evicted));
  return *cache_.find(sql);
}

// The statement prepared for these parameter types, prepared now when there is none.
const std::string& PostgresSession::statementFor(Entry& entry, const PgParams& bound) {
  for (const Variant& variant : entry.variants) {
    if (variant.types == bound.types) return variant.name;
  }
  std::string name = "atrium_" + std::to_string(next_name_++);
  const PgResultPtr result(PQprepare(conn_, name.c_str(), entry.sql.c_str(),
                                     static_cast<int>(bound.types.size()), bound.types.data()));
  if (result == nullptr || PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
    throwPostgresError(conn_, result.get());
  }
  if (entry.variants.size() >= kMaxVariants) {
    pending_deallocate_.push_back(std::move(entry.variants.front().name));
    entry.variants.erase(entry.variants.begin());
    --statements_;
  }
  entry.variants.push_back(Variant{bound.types, std::move(name)});
  ++statements_;
  return entry.variants.back().name;
}

void PostgresSession::forget(std::string_view sql, bool deallocate) {
  std::optional<Entry> entry = cache_.erase(sql);
  if (!entry) return;
  if (deallocate) {
    retire(std::move(*entry));
  } else {
    statements_ -= entry->variants.size();
  }
}

void PostgresSession::retire(Entry&& entry) {
  for (Variant& variant : entry.variants) pending_deallocate_.push_back(std::move(variant.name));
  statements_ -= entry.variants.size();
}

// DEALLOCATE outside transactions only: a failure inside one would abort it.
void PostgresSession::deallocatePending() {
  if (pending_deallocate_.empty() || PQtransactionStatus(conn_) != PQTRANS_IDLE) return;
  for (const std::string& name : pending_deallocate_) {
    PQclear(PQexec(conn_, ("DEALLOCATE " + name).c_str()));
  }
  pending_deallocate_.clear();
}

}  // namespace atrium::host::db

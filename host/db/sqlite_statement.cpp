#include "host/db/sqlite_statement.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include "host/db/error_text.hpp"
#include "host/db/named_parameters.hpp"
#include "host/db/query_error.hpp"
#include "host/db/result_builder.hpp"
#include "host/db/timestamp_text.hpp"

namespace atrium::host::db {
namespace {

using namespace sqlite_api;  // NOLINT: the SQLite C API lives in SOCI's namespace

QueryErrorKind errorKind(int extended_code, bool preparing) {
  switch (extended_code) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY: return QueryErrorKind::kUniqueViolation;
    case SQLITE_CONSTRAINT_FOREIGNKEY: return QueryErrorKind::kForeignKeyViolation;
    case SQLITE_CONSTRAINT_NOTNULL: return QueryErrorKind::kNotNullViolation;
    case SQLITE_CONSTRAINT_CHECK: return QueryErrorKind::kCheckViolation;
    case SQLITE_CONSTRAINT_DATATYPE: return QueryErrorKind::kInvalidQuery;
    default: break;
  }
  switch (extended_code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return QueryErrorKind::kBusy;
    case SQLITE_MISMATCH:
    case SQLITE_RANGE: return QueryErrorKind::kInvalidQuery;
    case SQLITE_ERROR: return preparing ? QueryErrorKind::kInvalidQuery : QueryErrorKind::kOther;
    default: return QueryErrorKind::kOther;
  }
}

// SQLite's message ("UNIQUE constraint failed: users.email") and code; it quotes SQL text
// (`near "SELEC"`), never bound values.
[[noreturn]] void throwError(sqlite3* db, bool preparing) {
  const int code = sqlite3_extended_errcode(db);
  throw QueryError(errorKind(code, preparing), "sqlite: " + oneLine(sqlite3_errmsg(db)) +
                                                   " (code " + std::to_string(code) + ")");
}

[[noreturn]] void invalid(const std::string& message) {
  throw QueryError(QueryErrorKind::kInvalidQuery, message);
}

// Each placeholder must be one of ours, ?1..?n in order of first use.
void checkPlaceholders(sqlite3_stmt* stmt, size_t expected) {
  const int count = sqlite3_bind_parameter_count(stmt);
  for (int k = 1; k <= count; ++k) {
    const char* name = sqlite3_bind_parameter_name(stmt, k);
    if (name == nullptr || name != "?" + std::to_string(k) || static_cast<size_t>(k) > expected) {
      invalid("the SQL holds a placeholder other than :name (?, ?NNN, @name or $name)");
    }
  }
}

// True when `tail` (what follows the first statement) holds another statement.
bool anotherStatement(sqlite3* db, const char* tail) {
  sqlite3_stmt* next = nullptr;
  const int rc = sqlite3_prepare_v2(db, tail, -1, &next, nullptr);
  sqlite3_finalize(next);
  return rc != SQLITE_OK || next != nullptr;
}

void bindValue(sqlite3_stmt* stmt, int index, const Value& value) {
  int rc = SQLITE_OK;
  switch (typeOf(value)) {
    case ValueType::kNull: rc = sqlite3_bind_null(stmt, index); break;
    case ValueType::kInt: rc = sqlite3_bind_int64(stmt, index, std::get<int64_t>(value)); break;
    case ValueType::kDouble: rc = sqlite3_bind_double(stmt, index, std::get<double>(value)); break;
    case ValueType::kBool: rc = sqlite3_bind_int(stmt, index, std::get<bool>(value) ? 1 : 0); break;
    case ValueType::kText: {
      const std::string& text = std::get<std::string>(value);
      // SQLITE_STATIC: the statement is reset and its bindings cleared before the value dies.
      rc = sqlite3_bind_text64(stmt, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
      break;
    }
    case ValueType::kBlob: {
      const std::string& bytes = std::get<Blob>(value).bytes;
      // A null pointer would bind NULL: an empty blob is a zero-length blob.
      rc = bytes.empty()
               ? sqlite3_bind_zeroblob(stmt, index, 0)
               : sqlite3_bind_blob64(stmt, index, bytes.data(), bytes.size(), SQLITE_STATIC);
      break;
    }
  }
  if (rc != SQLITE_OK) invalid("cannot bind parameter ?" + std::to_string(index));
}

// What the declared type of a column says about its values.
enum class ColumnHint { kNone, kBool, kTimestamp };

ColumnHint columnHint(sqlite3_stmt* stmt, int column) {
  const char* declared = sqlite3_column_decltype(stmt, column);
  if (declared == nullptr) return ColumnHint::kNone;
  std::string upper(declared);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (upper.find("BOOL") != std::string::npos) return ColumnHint::kBool;
  if (upper.find("TIMESTAMP") != std::string::npos || upper.find("DATETIME") != std::string::npos) {
    return ColumnHint::kTimestamp;
  }
  return ColumnHint::kNone;
}

Value decodeColumn(sqlite3_stmt* stmt, int column, ColumnHint hint) {
  switch (sqlite3_column_type(stmt, column)) {
    case SQLITE_INTEGER: {
      const int64_t number = sqlite3_column_int64(stmt, column);
      if (hint == ColumnHint::kBool) return number != 0;
      return number;
    }
    case SQLITE_FLOAT: return sqlite3_column_double(stmt, column);
    case SQLITE_TEXT: {
      const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
      const std::string_view text(data, static_cast<size_t>(sqlite3_column_bytes(stmt, column)));
      if (hint == ColumnHint::kTimestamp) return normaliseTimestamp(text);
      return std::string(text);
    }
    case SQLITE_BLOB: {
      const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt, column));
      const auto size = static_cast<size_t>(sqlite3_column_bytes(stmt, column));
      return Blob{data == nullptr ? std::string() : std::string(data, size)};
    }
    default: return std::monostate{};
  }
}

// Resets the statement and clears its bindings however the execution ends.
class ResetOnExit {
 public:
  explicit ResetOnExit(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~ResetOnExit() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;

 private:
  sqlite3_stmt* stmt_;
};

}  // namespace

SqlitePrepared prepareSqlite(sqlite3* db, std::string_view sql) {
  ParsedSql parsed = parseNamedParameters(sql, Backend::kSqlite);
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  const int rc = sqlite3_prepare_v3(db, parsed.sql.c_str(), static_cast<int>(parsed.sql.size() + 1),
                                    SQLITE_PREPARE_PERSISTENT, &raw, &tail);
  SqliteStatementPtr stmt(raw);
  if (rc != SQLITE_OK) throwError(db, true);
  if (stmt == nullptr) invalid("empty SQL: no statement to run");
  if (tail != nullptr && anotherStatement(db, tail)) {
    invalid("the SQL holds more than one statement (run them one by one)");
  }
  checkPlaceholders(stmt.get(), parsed.names.size());
  return SqlitePrepared{std::move(stmt), std::move(parsed.names)};
}

QueryResult executeSqlite(sqlite3* db, sqlite3_stmt* stmt, const std::vector<const Value*>& values,
                          const QueryOptions& options) {
  ResetOnExit reset(stmt);
  for (size_t i = 0; i < values.size(); ++i) bindValue(stmt, static_cast<int>(i + 1), *values[i]);

  // sqlite3_changes() keeps the count of the last INSERT/UPDATE/DELETE: report it only when
  // this statement changed something.
  const sqlite3_int64 changes_before = sqlite3_total_changes64(db);
  int rc = sqlite3_step(stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) throwError(db, false);
  // Columns are read after the first step: a cached statement that sqlite3_step() prepared
  // again after a schema change (SELECT * after ALTER TABLE ADD COLUMN) has new ones.
  ResultBuilder out(options.max_result_bytes);
  const int columns = sqlite3_column_count(stmt);
  std::vector<ColumnHint> hints;
  for (int c = 0; c < columns; ++c) {
    out.addColumn(sqlite3_column_name(stmt, c));
    hints.push_back(columnHint(stmt, c));
  }
  for (; rc == SQLITE_ROW; rc = sqlite3_step(stmt)) {
    out.beginRow();
    for (int c = 0; c < columns; ++c) out.add(decodeColumn(stmt, c, hints[c]));
  }
  if (rc != SQLITE_DONE) throwError(db, false);
  if (sqlite3_total_changes64(db) != changes_before) out.setAffectedRows(sqlite3_changes64(db));
  return out.take();
}

}  // namespace atrium::host::db

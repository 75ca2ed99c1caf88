#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace atrium::host::db {

// Why a statement failed, independent of the backend. The HTTP mapping lives with the callers
// (SDK: unique → 409, foreign key / not null / check → 400, busy / timeout / serialization → 503,
// invalid query / other → 500).
enum class QueryErrorKind {
  kUniqueViolation,      // SQLite CONSTRAINT_UNIQUE/PRIMARYKEY, PostgreSQL 23505
  kForeignKeyViolation,  // SQLite CONSTRAINT_FOREIGNKEY, PostgreSQL 23503
  kNotNullViolation,     // SQLite CONSTRAINT_NOTNULL, PostgreSQL 23502
  kCheckViolation,       // SQLite CONSTRAINT_CHECK, PostgreSQL 23514
  // Syntax, unknown table/column, missing/unknown parameter, more than one statement, bad type
  // or data exception (PostgreSQL class 42 and 22): a bug in the caller.
  kInvalidQuery,
  kBusy,           // SQLite busy/locked after busy_timeout; PostgreSQL lock_not_available 55P03
  kTimeout,        // PostgreSQL statement_timeout / query_canceled 57014
  kSerialization,  // PostgreSQL 40001 / deadlock 40P01: retry the transaction
  kTooLarge,       // the result exceeded QueryOptions::max_result_bytes
  kOther,
};

// "unique_violation", "foreign_key_violation", "not_null_violation", "check_violation",
// "invalid_query", "busy", "timeout", "serialization_failure", "too_large", "other".
std::string_view queryErrorKindName(QueryErrorKind kind);

// A statement failed while the connection stayed usable. (A lost connection is reported as
// DatabaseUnavailable instead.) what() is the backend's message on one line; it never contains
// parameter values or a password.
class QueryError : public std::runtime_error {
 public:
  QueryError(QueryErrorKind kind, const std::string& message, std::string constraint = {})
      : std::runtime_error(message), kind_(kind), constraint_(std::move(constraint)) {}

  QueryErrorKind kind() const noexcept { return kind_; }
  // The violated constraint or index name when the backend reports it (PostgreSQL), else empty.
  const std::string& constraint() const noexcept { return constraint_; }

 private:
  QueryErrorKind kind_;
  std::string constraint_;
};

}  // namespace atrium::host::db

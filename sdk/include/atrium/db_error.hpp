// DbError: a failed database call, already mapped to the HTTP status a handler should answer.
// Compiles as C++17.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "atrium/abi.h"
#include "atrium/http_error.hpp"

namespace atrium::sdk {

enum class DbErrorKind : int32_t {
  kUniqueViolation = ATRIUM_DB_UNIQUE_VIOLATION,
  kForeignKeyViolation = ATRIUM_DB_FOREIGN_KEY_VIOLATION,
  kNotNullViolation = ATRIUM_DB_NOT_NULL_VIOLATION,
  kCheckViolation = ATRIUM_DB_CHECK_VIOLATION,
  kInvalidQuery = ATRIUM_DB_INVALID_QUERY,
  kBusy = ATRIUM_DB_BUSY,
  kTimeout = ATRIUM_DB_TIMEOUT,
  kSerialization = ATRIUM_DB_SERIALIZATION,
  kTooLarge = ATRIUM_DB_TOO_LARGE,
  kUnavailable = ATRIUM_DB_UNAVAILABLE,
  kMisuse = ATRIUM_DB_MISUSE,
  kOther = ATRIUM_DB_OTHER,
};

// Thrown by Db, Transaction and Result. It is an HttpError, so a handler that lets it escape
// answers with the mapped status in the product's envelope:
//   unique violation                      409 conflict
//   foreign key / not null / check        400 invalid_reference / invalid
//   busy / timeout / serialization /
//   unavailable                           503 unavailable (retry later)
//   invalid query / too large / misuse /
//   other                                 500 internal_error (a bug)
// The client sees only a generic message; the database's own text (detail()) is logged with the
// request id. Catch it to answer something more specific:
//   catch (const atrium::sdk::DbError& e) {
//     if (e.kind() == DbErrorKind::kUniqueViolation) throw conflict("Email already registered");
//     throw;
//   }
class DbError : public HttpError {
 public:
  DbError(DbErrorKind kind, std::string detail, std::string constraint = {})
      : HttpError(statusFor(kind), codeFor(kind), messageFor(kind), detail),
        kind_(kind),
        detail_(std::move(detail)),
        constraint_(std::move(constraint)) {}

  DbErrorKind kind() const noexcept { return kind_; }
  // The database's message (one line; never parameter values or passwords). Log-only.
  const std::string& detail() const noexcept { return detail_; }
  // The violated constraint or index, when the backend names it (PostgreSQL).
  const std::string& constraint() const noexcept { return constraint_; }

  static int statusFor(DbErrorKind kind) {
    switch (kind) {
      case DbErrorKind::kUniqueViolation: return 409;
      case DbErrorKind::kForeignKeyViolation:
      case DbErrorKind::kNotNullViolation:
      case DbErrorKind::kCheckViolation: return 400;
      case DbErrorKind::kBusy:
      case DbErrorKind::kTimeout:
      case DbErrorKind::kSerialization:
      case DbErrorKind::kUnavailable: return 503;
      default: return 500;
    }
  }

 private:
  static std::string codeFor(DbErrorKind kind) {
    switch (statusFor(kind)) {
      case 409: return "conflict";
      case 400: return kind == DbErrorKind::kForeignKeyViolation ? "invalid_reference" : "invalid";
      case 503: return "unavailable";
      default: return "internal_error";
    }
  }
  static std::string messageFor(DbErrorKind kind) {
    switch (statusFor(kind)) {
      case 409: return "The resource already exists";
      case 400:
        return kind == DbErrorKind::kForeignKeyViolation ? "A referenced resource does not exist"
                                                         : "The data is invalid";
      case 503: return "The service is temporarily unavailable; try again shortly";
      default: return "Internal server error";
    }
  }

  DbErrorKind kind_;
  std::string detail_;
  std::string constraint_;
};

}  // namespace atrium::sdk

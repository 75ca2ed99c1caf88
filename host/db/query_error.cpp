#include "host/db/query_error.hpp"

namespace atrium::host::db {

std::string_view queryErrorKindName(QueryErrorKind kind) {
  switch (kind) {
    case QueryErrorKind::kUniqueViolation: return "unique_violation";
    case QueryErrorKind::kForeignKeyViolation: return "foreign_key_violation";
    case QueryErrorKind::kNotNullViolation: return "not_null_violation";
    case QueryErrorKind::kCheckViolation: return "check_violation";
    case QueryErrorKind::kInvalidQuery: return "invalid_query";
    case QueryErrorKind::kBusy: return "busy";
    case QueryErrorKind::kTimeout: return "timeout";
    case QueryErrorKind::kSerialization: return "serialization_failure";
    case QueryErrorKind::kTooLarge: return "too_large";
    case QueryErrorKind::kOther: return "other";
  }
  return "other";
}

}  // namespace atrium::host::db

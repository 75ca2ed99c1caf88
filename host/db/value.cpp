#include "host/db/value.hpp"

namespace atrium::host::db {

std::string_view valueTypeName(ValueType type) {
  switch (type) {
    case ValueType::kNull: return "null";
    case ValueType::kInt: return "int";
    case ValueType::kDouble: return "double";
    case ValueType::kText: return "text";
    case ValueType::kBool: return "bool";
    case ValueType::kBlob: return "blob";
  }
  return "unknown";
}

}  // namespace atrium::host::db

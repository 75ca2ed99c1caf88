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

std::optional<int64_t> integerOf(const Value& value) {
  if (const auto* i = std::get_if<int64_t>(&value)) return *i;
  if (const auto* d = std::get_if<double>(&value)) return static_cast<int64_t>(*d);
  return std::nullopt;
}

std::optional<double> numberOf(const Value& value) {
  if (const auto* d = std::get_if<double>(&value)) return *d;
  if (const auto* i = std::get_if<int64_t>(&value)) return static_cast<double>(*i);
  return std::nullopt;
}

}  // namespace atrium::host::db

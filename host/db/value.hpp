#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace atrium::host::db {

// Bytes that are not text (BLOB on SQLite, bytea on PostgreSQL).
struct Blob {
  std::string bytes;
  bool operator==(const Blob& other) const { return bytes == other.bytes; }
};

// One SQL value, the same on both backends. The alternatives' order is ValueType's order.
using Value = std::variant<std::monostate, int64_t, double, std::string, bool, Blob>;

enum class ValueType { kNull = 0, kInt = 1, kDouble = 2, kText = 3, kBool = 4, kBlob = 5 };

inline ValueType typeOf(const Value& value) { return static_cast<ValueType>(value.index()); }

// "null", "int", "double", "text", "bool", "blob".
std::string_view valueTypeName(ValueType type);

// A number column read back: an int as it is, a double truncated (PostgreSQL hands back
// NUMERIC and DOUBLE PRECISION arithmetic as doubles); std::nullopt for any other type.
std::optional<int64_t> integerOf(const Value& value);
std::optional<double> numberOf(const Value& value);

// A named parameter: `name` is written without the colon (":email" in SQL → "email").
struct Param {
  std::string name;
  Value value;
};
using Params = std::vector<Param>;

}  // namespace atrium::host::db

// Database values and named parameters for atrium::sdk::Db. Compiles as C++17.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "atrium/abi.h"
#include "atrium/detail/str.hpp"

namespace atrium::sdk {

// Raw bytes (BLOB / bytea), distinct from text.
struct Blob {
  std::string bytes;
  bool operator==(const Blob& other) const { return bytes == other.bytes; }
};

enum class DbType : int32_t {
  kNull = ATRIUM_VALUE_NULL,
  kInt = ATRIUM_VALUE_INT,
  kDouble = ATRIUM_VALUE_DOUBLE,
  kText = ATRIUM_VALUE_TEXT,
  kBool = ATRIUM_VALUE_BOOL,
  kBlob = ATRIUM_VALUE_BLOB,
};

// One SQL value: NULL, int64, double, text, bool or blob. Built implicitly from the matching C++
// types (any integer, floating point, std::string / string_view / const char*, bool, Blob,
// nullptr, std::optional<T> with nullopt as NULL).
class DbValue {
 public:
  DbValue() = default;  // NULL
  DbValue(std::nullptr_t) {}
  DbValue(bool value) : value_(value) {}
  template <typename T,
            typename std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>, int> = 0>
  DbValue(T value) : value_(static_cast<int64_t>(value)) {}
  template <typename T, typename std::enable_if_t<std::is_floating_point_v<T>, int> = 0>
  DbValue(T value) : value_(static_cast<double>(value)) {}
  DbValue(std::string value) : value_(std::move(value)) {}
  DbValue(std::string_view value) : value_(std::string(value)) {}
  DbValue(const char* value) : value_(std::string(value == nullptr ? "" : value)) {}
  DbValue(Blob value) : value_(std::move(value)) {}
  template <typename T>
  DbValue(const std::optional<T>& value) {
    if (value) *this = DbValue(*value);
  }

  DbType type() const { return static_cast<DbType>(value_.index()); }
  bool isNull() const { return type() == DbType::kNull; }

  // Typed reads. asInt accepts an int; asDouble an int or a double; asBool a bool or an int
  // (0/1); asText text; asBlob a blob or text. Anything else (NULL included) throws
  // std::runtime_error naming both types.
  int64_t asInt() const {
    if (auto p = std::get_if<int64_t>(&value_)) return *p;
    throw mismatch("int");
  }
  double asDouble() const {
    if (auto p = std::get_if<double>(&value_)) return *p;
    if (auto p = std::get_if<int64_t>(&value_)) return static_cast<double>(*p);
    throw mismatch("double");
  }
  bool asBool() const {
    if (auto p = std::get_if<bool>(&value_)) return *p;
    if (auto p = std::get_if<int64_t>(&value_)) return *p != 0;
    throw mismatch("bool");
  }
  const std::string& asText() const {
    if (auto p = std::get_if<std::string>(&value_)) return *p;
    throw mismatch("text");
  }
  const std::string& asBlob() const {
    if (auto p = std::get_if<Blob>(&value_)) return p->bytes;
    if (auto p = std::get_if<std::string>(&value_)) return *p;
    throw mismatch("blob");
  }

  // The ABI view of this value; strings point into this object.
  atrium_value raw() const noexcept {
    atrium_value v{};
    v.type = static_cast<int32_t>(value_.index());
    if (auto p = std::get_if<int64_t>(&value_)) v.int_value = *p;
    if (auto p = std::get_if<bool>(&value_)) v.int_value = *p ? 1 : 0;
    if (auto p = std::get_if<double>(&value_)) v.double_value = *p;
    if (auto p = std::get_if<std::string>(&value_)) v.bytes = detail::str(*p);
    if (auto p = std::get_if<Blob>(&value_)) v.bytes = detail::str(p->bytes);
    return v;
  }

  // Copies a value the host returned.
  static DbValue fromRaw(const atrium_value& v) {
    switch (v.type) {
      case ATRIUM_VALUE_INT: return DbValue(v.int_value);
      case ATRIUM_VALUE_DOUBLE: return DbValue(v.double_value);
      case ATRIUM_VALUE_TEXT: return DbValue(std::string(detail::view(v.bytes)));
      case ATRIUM_VALUE_BOOL: return DbValue(v.int_value != 0);
      case ATRIUM_VALUE_BLOB: return DbValue(Blob{std::string(detail::view(v.bytes))});
      default: return DbValue();
    }
  }

  static const char* typeName(DbType type) {
    switch (type) {
      case DbType::kNull: return "null";
      case DbType::kInt: return "int";
      case DbType::kDouble: return "double";
      case DbType::kText: return "text";
      case DbType::kBool: return "bool";
      case DbType::kBlob: return "blob";
    }
    return "unknown";
  }

  bool operator==(const DbValue& other) const { return value_ == other.value_; }
  bool operator!=(const DbValue& other) const { return !(*this == other); }

 private:
  std::runtime_error mismatch(const char* wanted) const {
    return std::runtime_error(std::string("database value is ") + typeName(type()) + ", not " +
                              wanted);
  }

  std::variant<std::monostate, int64_t, double, std::string, bool, Blob> value_;
};

// A named parameter: `{"email", email}` binds ":email" in the SQL.
struct DbParam {
  std::string name;
  DbValue value;
};
using DbParams = std::vector<DbParam>;

}  // namespace atrium::sdk

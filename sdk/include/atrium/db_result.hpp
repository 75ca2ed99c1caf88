// Query results: rows with typed accessors and JSON conversion. Compiles as C++17.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "atrium/abi.h"
#include "atrium/db_error.hpp"
#include "atrium/db_value.hpp"
#include "atrium/detail/str.hpp"

namespace atrium::sdk {

class Result;

namespace detail {

inline std::string base64(std::string_view bytes) {
  static const char* const kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const uint32_t n = (uint32_t(uint8_t(bytes[i])) << 16) |
                       (uint32_t(uint8_t(bytes[i + 1])) << 8) | uint32_t(uint8_t(bytes[i + 2]));
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (i < bytes.size()) {
    uint32_t n = uint32_t(uint8_t(bytes[i])) << 16;
    if (i + 1 < bytes.size()) n |= uint32_t(uint8_t(bytes[i + 1])) << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// JSON for one value: numbers, strings, booleans, null; blobs as base64 strings.
inline nlohmann::json toJson(const DbValue& value) {
  switch (value.type()) {
    case DbType::kNull: return nullptr;
    case DbType::kInt: return value.asInt();
    case DbType::kDouble: return value.asDouble();
    case DbType::kText: return value.asText();
    case DbType::kBool: return value.asBool();
    case DbType::kBlob: return base64(value.asBlob());
  }
  return nullptr;
}

}  // namespace detail

// One row of a Result; valid as long as the Result.
class Row {
 public:
  size_t size() const;
  std::string_view columnName(size_t column) const;
  // The value of a column by position or name; an unknown column throws std::out_of_range.
  DbValue at(size_t column) const;
  DbValue operator[](std::string_view column) const;
  bool isNull(std::string_view column) const { return (*this)[column].isNull(); }

  int64_t getInt(std::string_view column) const { return (*this)[column].asInt(); }
  double getDouble(std::string_view column) const { return (*this)[column].asDouble(); }
  bool getBool(std::string_view column) const { return (*this)[column].asBool(); }
  std::string getText(std::string_view column) const { return (*this)[column].asText(); }
  std::string getBlob(std::string_view column) const { return (*this)[column].asBlob(); }
  // A text column holding JSON, parsed (NULL gives JSON null). Malformed JSON throws.
  nlohmann::json getJson(std::string_view column) const {
    const DbValue v = (*this)[column];
    if (v.isNull()) return nullptr;
    return nlohmann::json::parse(v.asText());
  }
  // NULL → std::nullopt, else the typed read (getOptional<int64_t>, <double>, <bool>,
  // <std::string>).
  template <typename T>
  std::optional<T> getOptional(std::string_view column) const {
    const DbValue v = (*this)[column];
    if (v.isNull()) return std::nullopt;
    if constexpr (std::is_same_v<T, bool>) {
      return v.asBool();
    } else if constexpr (std::is_integral_v<T>) {
      return static_cast<T>(v.asInt());
    } else if constexpr (std::is_floating_point_v<T>) {
      return static_cast<T>(v.asDouble());
    } else {
      return T(v.asText());
    }
  }

  // {"column": value, ...}; blobs as base64 strings.
  nlohmann::json json() const;

 private:
  friend class Result;
  Row(const Result* result, size_t index) : result_(result), index_(index) {}
  size_t columnIndex(std::string_view column) const;

  const Result* result_;
  size_t index_;
};

// What a statement returned. Owns the host's result; move-only.
class Result {
 public:
  Result(const atrium_host_api* host, atrium_db_result* raw) : host_(host), raw_(raw, Free{host}) {}

  size_t size() const { return host_->db_result_row_count(raw_.get()); }
  bool empty() const { return size() == 0; }
  size_t columnCount() const { return host_->db_result_column_count(raw_.get()); }
  std::string_view columnName(size_t column) const {
    return detail::view(host_->db_result_column_name(raw_.get(), column));
  }
  // Rows changed by INSERT / UPDATE / DELETE.
  int64_t affectedRows() const { return host_->db_result_affected_rows(raw_.get()); }

  Row operator[](size_t row) const {
    if (row >= size())
      throw std::out_of_range("row " + std::to_string(row) + " of " + std::to_string(size()));
    return Row(this, row);
  }
  // The first row, or std::nullopt when there is none.
  std::optional<Row> first() const {
    if (empty()) return std::nullopt;
    return Row(this, 0);
  }

  class Iterator {
   public:
    Iterator(const Result* result, size_t index) : result_(result), index_(index) {}
    Row operator*() const { return (*result_)[index_]; }
    Iterator& operator++() {
      ++index_;
      return *this;
    }
    bool operator!=(const Iterator& other) const { return index_ != other.index_; }

   private:
    const Result* result_;
    size_t index_;
  };
  Iterator begin() const { return Iterator(this, 0); }
  Iterator end() const { return Iterator(this, size()); }

  // [{"column": value, ...}, ...]
  nlohmann::json json() const {
    nlohmann::json rows = nlohmann::json::array();
    for (const Row row : *this) rows.push_back(row.json());
    return rows;
  }

  DbValue value(size_t row, size_t column) const {
    atrium_value v{};
    if (host_->db_result_value(raw_.get(), row, column, &v) == 0) {
      throw std::out_of_range("no value at row " + std::to_string(row) + ", column " +
                              std::to_string(column));
    }
    return DbValue::fromRaw(v);
  }

 private:
  struct Free {
    const atrium_host_api* host;
    void operator()(atrium_db_result* r) const { host->db_result_free(r); }
  };
  const atrium_host_api* host_;
  std::unique_ptr<atrium_db_result, Free> raw_;
};

inline size_t Row::size() const { return result_->columnCount(); }
inline std::string_view Row::columnName(size_t column) const { return result_->columnName(column); }
inline DbValue Row::at(size_t column) const { return result_->value(index_, column); }
inline size_t Row::columnIndex(std::string_view column) const {
  const size_t n = result_->columnCount();
  for (size_t i = 0; i < n; ++i) {
    if (result_->columnName(i) == column) return i;
  }
  throw std::out_of_range("no column '" + std::string(column) + "' in the result");
}
inline DbValue Row::operator[](std::string_view column) const { return at(columnIndex(column)); }
inline nlohmann::json Row::json() const {
  nlohmann::json object = nlohmann::json::object();
  const size_t n = size();
  for (size_t i = 0; i < n; ++i) object[std::string(columnName(i))] = detail::toJson(at(i));
  return object;
}

}  // namespace atrium::sdk

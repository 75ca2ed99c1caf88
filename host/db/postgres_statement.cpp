#include "host/db/postgres_statement.hpp"

#include <charconv>
#include <cmath>
#include <string_view>

#include "host/db/database_error.hpp"
#include "host/db/error_text.hpp"
#include "host/db/query_error.hpp"
#include "host/db/result_builder.hpp"
#include "host/db/timestamp_text.hpp"

namespace atrium::host::db {
namespace {

// Type OIDs (pg_type.dat).
constexpr Oid kBool = 16, kBytea = 17, kInt8 = 20, kInt2 = 21, kInt4 = 23, kOid = 26;
constexpr Oid kFloat4 = 700, kFloat8 = 701, kNumeric = 1700, kTimestamp = 1114;
constexpr Oid kTimestamptz = 1184;

std::string doubleText(double number) {
  if (std::isnan(number)) return "NaN";
  if (std::isinf(number)) return number > 0 ? "Infinity" : "-Infinity";
  char buffer[32];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, number);  // shortest exact
  return std::string(buffer, end);
}

int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// bytea text output: "\x0a1b..." (bytea_output = hex, the default) or the escape format.
std::string decodeBytea(std::string_view text) {
  std::string bytes;
  if (text.starts_with("\\x")) {
    bytes.reserve((text.size() - 2) / 2);
    for (size_t i = 2; i + 1 < text.size(); i += 2) {
      bytes += static_cast<char>(hexDigit(text[i]) * 16 + hexDigit(text[i + 1]));
    }
    return bytes;
  }
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      bytes += text[i];
    } else if (i + 1 < text.size() && text[i + 1] == '\\') {
      bytes += '\\';
      ++i;
    } else if (i + 3 < text.size()) {
      bytes += static_cast<char>((text[i + 1] - '0') * 64 + (text[i + 2] - '0') * 8 +
                                 (text[i + 3] - '0'));
      i += 3;
    }
  }
  return bytes;
}

// A number that does not parse (a numeric beyond double's range) stays text, losslessly.
template <typename Number>
Value number(std::string_view text) {
  Number parsed{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), parsed);
  if (ec != std::errc() || end != text.data() + text.size()) return std::string(text);
  return parsed;
}

Value decodeValue(Oid type, std::string_view text) {
  switch (type) {
    case kBool: return text == "t";
    case kInt8:
    case kInt2:
    case kInt4:
    case kOid: return number<int64_t>(text);
    case kFloat4:
    case kFloat8:
    case kNumeric: return number<double>(text);
    case kBytea: return Blob{decodeBytea(text)};
    case kTimestamp:
    case kTimestamptz: return normaliseTimestamp(text);
    default: return std::string(text);
  }
}

QueryErrorKind errorKind(const std::string& state) {
  if (state == "23505") return QueryErrorKind::kUniqueViolation;
  if (state == "23503") return QueryErrorKind::kForeignKeyViolation;
  if (state == "23502") return QueryErrorKind::kNotNullViolation;
  if (state == "23514") return QueryErrorKind::kCheckViolation;
  if (state.starts_with("42") || state.starts_with("22")) return QueryErrorKind::kInvalidQuery;
  if (state == "57014") return QueryErrorKind::kTimeout;
  if (state == "55P03") return QueryErrorKind::kBusy;
  if (state == "40001" || state == "40P01") return QueryErrorKind::kSerialization;
  return QueryErrorKind::kOther;
}

// Data exceptions quote the input they refused ('invalid input syntax for type integer: "x"'),
// which may be a parameter value.
std::string elideQuoted(const std::string& message) {
  std::string out;
  bool inside = false;
  for (const char c : message) {
    if (c == '"') {
      out += inside ? "...\"" : "\"";
      inside = !inside;
    } else if (!inside) {
      out += c;
    }
  }
  return out;
}

std::string field(const PGresult* result, int code) {
  const char* text = result == nullptr ? nullptr : PQresultErrorField(result, code);
  return text == nullptr ? std::string() : std::string(text);
}

}  // namespace

PgParams bindPostgres(const std::vector<const Value*>& values) {
  PgParams p;
  p.storage.reserve(values.size());
  for (const Value* value : values) {
    Oid type = 0;
    const char* data = nullptr;
    int length = 0;
    int format = 0;
    switch (typeOf(*value)) {
      case ValueType::kNull: break;
      case ValueType::kInt:
        type = kInt8;
        data = p.storage.emplace_back(std::to_string(std::get<int64_t>(*value))).c_str();
        break;
      case ValueType::kDouble:
        type = kFloat8;
        data = p.storage.emplace_back(doubleText(std::get<double>(*value))).c_str();
        break;
      case ValueType::kBool:
        type = kBool;
        data = std::get<bool>(*value) ? "t" : "f";
        break;
      case ValueType::kText: data = std::get<std::string>(*value).c_str(); break;
      case ValueType::kBlob: {
        const std::string& bytes = std::get<Blob>(*value).bytes;
        type = kBytea;
        data = bytes.data();
        length = static_cast<int>(bytes.size());
        format = 1;
        break;
      }
    }
    p.types.push_back(type);
    p.values.push_back(data);
    p.lengths.push_back(length);
    p.formats.push_back(format);
  }
  return p;
}

QueryResult decodePostgres(const PGresult* result, const QueryOptions& options) {
  ResultBuilder out(options.max_result_bytes);
  const int columns = PQnfields(result);
  std::vector<Oid> types;
  for (int c = 0; c < columns; ++c) {
    out.addColumn(PQfname(result, c));
    types.push_back(PQftype(result, c));
  }
  const int rows = PQntuples(result);
  for (int r = 0; r < rows; ++r) {
    out.beginRow();
    for (int c = 0; c < columns; ++c) {
      if (PQgetisnull(result, r, c) != 0) {
        out.add(std::monostate{});
        continue;
      }
      const std::string_view text(PQgetvalue(result, r, c),
                                  static_cast<size_t>(PQgetlength(result, r, c)));
      out.add(decodeValue(types[c], text));
    }
  }
  const std::string_view tag = PQcmdStatus(const_cast<PGresult*>(result));
  if (tag.starts_with("INSERT ") || tag.starts_with("UPDATE ") || tag.starts_with("DELETE ") ||
      tag.starts_with("MERGE ")) {
    const std::string_view count = PQcmdTuples(const_cast<PGresult*>(result));
    int64_t affected = 0;
    std::from_chars(count.data(), count.data() + count.size(), affected);
    out.setAffectedRows(affected);
  }
  return out.take();
}

std::string sqlState(const PGresult* result) { return field(result, PG_DIAG_SQLSTATE); }

void throwPostgresError(PGconn* conn, const PGresult* result) {
  std::string message = field(result, PG_DIAG_MESSAGE_PRIMARY);
  if (message.empty()) message = PQerrorMessage(conn);
  message = oneLine(message);
  if (PQstatus(conn) != CONNECTION_OK) {
    throw DatabaseUnavailable("lost the connection to the database: " + message);
  }
  const std::string state = sqlState(result);
  if (state.starts_with("22")) message = elideQuoted(message);
  const QueryErrorKind kind = errorKind(state);
  if (!state.empty()) message += " (SQLSTATE " + state + ")";
  throw QueryError(kind, "postgresql: " + message, field(result, PG_DIAG_CONSTRAINT_NAME));
}

}  // namespace atrium::host::db

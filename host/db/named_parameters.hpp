#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "host/db/database_url.hpp"
#include "host/db/value.hpp"

namespace atrium::host::db {

// SQL with its `:name` parameters replaced by positional placeholders: `?1..?n` for SQLite,
// `$1..$n` for PostgreSQL. names[k] is the parameter behind placeholder k+1; a name used twice
// maps to the same placeholder.
struct ParsedSql {
  std::string sql;
  std::vector<std::string> names;
};

// Finds `:name` ([A-Za-z_][A-Za-z0-9_]*) outside string literals ('...' with '' escapes),
// quoted identifiers ("..."), line comments (--) and block comments (/* */). `::` is a
// PostgreSQL cast, never a parameter. PostgreSQL only: E'...' strings (backslash escapes),
// $tag$...$tag$ dollar quoting, nested block comments; a `$1` placeholder written in the SQL is
// refused. SQLite only: [...] and `...` identifiers.
// Throws QueryError(kInvalidQuery) for an unterminated literal, identifier or comment.
ParsedSql parseNamedParameters(std::string_view sql, Backend backend);

// The values in placeholder order. Throws QueryError(kInvalidQuery) when a name in `names` is
// missing from `params`, when `params` holds a name that the SQL does not use, or holds a name
// twice, or when a text value holds a NUL byte (PostgreSQL text cannot hold one; refused on both
// backends alike). Messages name the parameter, never its value.
std::vector<const Value*> orderParameters(const std::vector<std::string>& names,
                                          const Params& params);

}  // namespace atrium::host::db

#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "host/db/database_url.hpp"

namespace atrium::host::db {

// What a file name in an owner folder under sql/ means.
struct MigrationFileName {
  enum class Kind {
    kMigration,  // NNNN_name.sql or NNNN_name.<dialect>.sql
    kIgnored,    // not a migration: README.md, notes.txt, .hidden (no ".sql", no leading digit)
    kMisnamed,   // looks like a migration (ends in .sql or starts with a digit) but is not one
  };
  Kind kind = Kind::kIgnored;
  int version = 0;                 // NNNN
  std::string name;                // "create_items": [a-z0-9_]+
  std::optional<Backend> dialect;  // set for NNNN_name.postgresql.sql / NNNN_name.sqlite.sql
  std::string problem;             // kMisnamed: what is wrong, e.g. "the number needs 4 digits"
};

// Classifies one file name (no directory part). Migrations are
//   NNNN_name.sql                 for every backend
//   NNNN_name.postgresql.sql      for PostgreSQL only
//   NNNN_name.sqlite.sql          for SQLite only
// with NNNN exactly 4 digits (0001..9999) and name of lowercase letters, digits and '_'.
MigrationFileName parseMigrationFileName(std::string_view file_name);

// The number as written in file names: 7 -> "0007".
std::string migrationNumber(int version);

// The expected shapes, for error messages.
inline constexpr std::string_view kMigrationNameRule =
    "expected NNNN_name.sql, NNNN_name.postgresql.sql or NNNN_name.sqlite.sql (4-digit number "
    "from 0001, name of a-z, 0-9 and _)";

}  // namespace atrium::host::db

#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace atrium::host::db {

enum class Backend { kSqlite, kPostgresql };

// "sqlite" or "postgresql".
std::string_view backendName(Backend backend);

// A parsed database URL, ready for SOCI. `display` is safe to log: the password is "***".
struct DatabaseUrl {
  Backend backend = Backend::kSqlite;
  std::string connection_string;      // SOCI connection string for the backend
  std::string display;                // the URL with the password redacted
  std::filesystem::path sqlite_file;  // absolute database file (SQLite on disk only)
  bool sqlite_memory = false;         // sqlite::memory:
};

// Parses a database URL:
//   sqlite:///abs/path.db          absolute file
//   sqlite://relative/path.db      file relative to `base_dir`
//   sqlite::memory:                in-memory database (one connection)
//   postgresql://user:pass@host:port/db?sslmode=require   (also postgres://)
// PostgreSQL: user and password are percent-decoded; a unix-socket directory is given as
// `?host=/run/postgresql` or as a percent-encoded host (`%2Frun%2Fpostgresql`); query keys
// allowed: host, port, sslmode, connect_timeout (seconds, default 10), application_name,
// sslrootcert, sslcert, sslkey, target_session_attrs.
// Throws std::invalid_argument; the message never contains the password.
DatabaseUrl parseDatabaseUrl(std::string_view url, const std::filesystem::path& base_dir);

}  // namespace atrium::host::db

#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "host/db/database_url.hpp"
#include "host/db/migration_error.hpp"

namespace atrium::host::db {

// One migration as it runs on the current backend.
struct Migration {
  std::string owner;           // "host" or a plugin's sql owner
  int version = 0;             // NNNN
  std::string name;            // "create_items" (no number, no dialect)
  std::filesystem::path file;  // the file chosen for the backend (absolute when dirs are)
  std::string sql;             // its content
  std::string checksum;        // SHA-256 of the content, 64 hex digits
};

// An owner whose migrations are needed, and who needs them (for messages): "the host",
// "plugin 'chat'".
struct OwnerRequest {
  std::string owner;
  std::string needed_by;
};

struct OwnerMigrations {
  std::string owner;
  std::filesystem::path dir;          // the <migrations_dir>/<owner> folder used
  std::vector<Migration> migrations;  // by version
};

// The migrations of a set of owners, read from disk for one backend. Pure file-system work:
// no database connection.
class MigrationCatalog {
 public:
  // For each owner (in order; repeated owners count once) the first `<dir>/<owner>/` folder in
  // `dirs` is used. In it, files named like migrations (migration_file_name.hpp) are read; other
  // files (README.md...) are ignored. Per number: the backend's variant if there is one, else
  // the plain file. Throws MigrationError listing every problem: a missing owner folder (naming
  // who needs it and the directories searched), misnamed files, a number used with two names, a
  // number without a plain file or a variant for `backend`, an unreadable file.
  static MigrationCatalog discover(const std::vector<OwnerRequest>& owners,
                                   const std::vector<std::filesystem::path>& dirs, Backend backend);

  Backend backend() const { return backend_; }
  // In the order the owners were requested.
  const std::vector<OwnerMigrations>& owners() const { return owners_; }
  // Every migration, owner by owner, each owner's by version: the order they are applied in.
  std::vector<const Migration*> all() const;

 private:
  Backend backend_ = Backend::kSqlite;
  std::vector<OwnerMigrations> owners_;
};

}  // namespace atrium::host::db

#pragma once

#include <optional>
#include <string>
#include <vector>

#include "host/db/connection_pool.hpp"

namespace atrium::host::db {

// One row of atrium_schema_migrations: a migration that was applied.
struct AppliedRecord {
  std::string owner;
  int version = 0;
  std::string name;
  std::string checksum;    // SHA-256 of the file content that ran
  std::string applied_at;  // ISO-8601 UTC, "2026-01-31T12:00:00.000Z"
};

// The host table recording applied migrations, the same DDL on both backends:
//   atrium_schema_migrations(owner TEXT, version INTEGER, name TEXT, checksum TEXT,
//                            applied_at TEXT, PRIMARY KEY (owner, version))
// Stateless: every function works on the leased session it is given.
class SchemaMigrationsTable {
 public:
  static constexpr const char* kName = "atrium_schema_migrations";

  static bool exists(Lease& lease);
  static void create(Lease& lease);  // CREATE TABLE IF NOT EXISTS
  // Every row, ordered by owner and version; empty when the table does not exist.
  static std::vector<AppliedRecord> readAll(Lease& lease);
  static std::optional<AppliedRecord> find(Lease& lease, const std::string& owner, int version);
  static void insert(Lease& lease, const AppliedRecord& record);
};

}  // namespace atrium::host::db

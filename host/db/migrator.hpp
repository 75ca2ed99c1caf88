#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "host/db/connection_pool.hpp"
#include "host/db/migration_catalog.hpp"
#include "host/db/migration_error.hpp"

namespace atrium::host::db {

enum class MigrationState {
  kApplied,      // recorded with the file's checksum
  kPending,      // in the catalog, not recorded
  kChanged,      // recorded with another checksum: the file was edited after it ran
  kMissingFile,  // recorded, but no file for it any more
};

// "applied", "pending", "changed", "missing-file".
std::string_view migrationStateName(MigrationState state);

struct MigrationStatus {
  std::string owner;
  int version = 0;
  std::string name;
  MigrationState state = MigrationState::kPending;
  std::filesystem::path file;  // empty for kMissingFile
  std::string applied_at;      // ISO-8601 UTC; empty for kPending
};

// Called after each migration this run applied (committed), with how long it took.
using MigrationObserver = std::function<void(const Migration&, std::chrono::milliseconds)>;

// Applies a catalog's migrations to the pool's database and reports their state. Each migration
// runs in its own transaction together with its row in atrium_schema_migrations (SQLite: BEGIN
// IMMEDIATE); a failing one is rolled back and not recorded, and those before it stay applied.
// Runs by several processes at once apply each migration exactly once: on PostgreSQL the whole
// run holds an advisory lock (MigrationLock), on SQLite each migration re-checks its record
// inside its write transaction.
class Migrator {
 public:
  Migrator(ConnectionPool& pool, const MigrationCatalog& catalog);

  // Every migration of the catalog in apply order, each owner followed by its recorded
  // migrations that have no file (kMissingFile); then recorded migrations of owners not in the
  // catalog. Read-only: the record table is not created.
  std::vector<MigrationStatus> status();

  // status(), after checking that no applied migration has changed: throws MigrationError
  // naming each changed file, with the same message as apply(). Read-only.
  std::vector<MigrationStatus> verify();

  // Applies every pending migration in order and returns those this call applied. Before
  // anything runs, a changed migration is a MigrationError naming its file (add a new migration
  // instead of editing an applied one). A failing migration throws MigrationError naming the
  // file and the database's message. Recorded migrations without a file are left alone.
  std::vector<const Migration*> apply(const MigrationObserver& observer = {});

 private:
  // False when another process recorded it meanwhile.
  bool applyOne(Lease& lease, const Migration& migration);

  ConnectionPool& pool_;
  const MigrationCatalog& catalog_;
};

}  // namespace atrium::host::db

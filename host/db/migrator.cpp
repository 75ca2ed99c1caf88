#include "host/db/migrator.hpp"

#include <map>
#include <optional>
#include <set>
#include <utility>

#include "host/common/logger.hpp"
#include "host/db/migration_file_name.hpp"
#include "host/db/migration_lock.hpp"
#include "host/db/native_handles.hpp"
#include "host/db/schema_migrations_table.hpp"
#include "host/db/script_runner.hpp"
#include "host/db/transaction.hpp"

namespace atrium::host::db {
namespace {

using Key = std::pair<std::string, int>;  // owner, version

std::string label(const Migration& m) {
  return m.owner + "/" + migrationNumber(m.version) + " (" + m.name + ")";
}

std::string changedMessage(const std::filesystem::path& file, const std::string& what,
                           const std::string& applied_at) {
  return file.string() + ": migration " + what + " was applied on " + applied_at +
         " and its file has changed since (checksum differs). Applied migrations must not be "
         "edited: restore the file as it was applied and put the change in a new migration "
         "(the next free number in " +
         file.parent_path().string() + ")";
}

std::string changedMessage(const Migration& migration, const AppliedRecord& record) {
  return changedMessage(migration.file, label(migration), record.applied_at);
}

std::map<Key, AppliedRecord> byKey(std::vector<AppliedRecord> records) {
  std::map<Key, AppliedRecord> out;
  for (AppliedRecord& record : records) {
    Key key{record.owner, record.version};
    out.emplace(std::move(key), std::move(record));
  }
  return out;
}

MigrationStatus missingFile(const AppliedRecord& record) {
  return {record.owner, record.version,   record.name, MigrationState::kMissingFile,
          {},           record.applied_at};
}

}  // namespace

std::string_view migrationStateName(MigrationState state) {
  switch (state) {
    case MigrationState::kApplied: return "applied";
    case MigrationState::kPending: return "pending";
    case MigrationState::kChanged: return "changed";
    case MigrationState::kMissingFile: return "missing-file";
  }
  return "unknown";
}

Migrator::Migrator(ConnectionPool& pool, const MigrationCatalog& catalog)
    : pool_(pool), catalog_(catalog) {}

std::vector<MigrationStatus> Migrator::status() {
  std::map<Key, AppliedRecord> recorded;
  {
    Lease lease = pool_.acquire();
    recorded = byKey(SchemaMigrationsTable::readAll(lease));
  }
  std::vector<MigrationStatus> out;
  std::set<std::string> owners;
  for (const OwnerMigrations& owner : catalog_.owners()) {
    owners.insert(owner.owner);
    std::set<int> versions;
    for (const Migration& m : owner.migrations) {
      versions.insert(m.version);
      MigrationStatus status{m.owner, m.version, m.name, MigrationState::kPending, m.file, ""};
      if (const auto it = recorded.find({m.owner, m.version}); it != recorded.end()) {
        status.applied_at = it->second.applied_at;
        status.state =
            it->second.checksum == m.checksum ? MigrationState::kApplied : MigrationState::kChanged;
      }
      out.push_back(std::move(status));
    }
    for (const auto& [key, record] : recorded) {
      if (key.first == owner.owner && !versions.contains(key.second)) {
        out.push_back(missingFile(record));
      }
    }
  }
  for (const auto& [key, record] : recorded) {
    if (!owners.contains(key.first)) out.push_back(missingFile(record));
  }
  return out;
}

std::vector<MigrationStatus> Migrator::verify() {
  std::vector<MigrationStatus> list = status();
  std::vector<std::string> changed;
  for (const MigrationStatus& s : list) {
    if (s.state != MigrationState::kChanged) continue;
    changed.push_back(changedMessage(
        s.file, s.owner + "/" + migrationNumber(s.version) + " (" + s.name + ")", s.applied_at));
  }
  if (!changed.empty()) throw MigrationError(std::move(changed));
  return list;
}

std::vector<const Migration*> Migrator::apply(const MigrationObserver& observer) {
  Lease lease = pool_.acquire();
  MigrationLock lock(lease, pool_.options().statement_timeout);
  SchemaMigrationsTable::create(lease);
  const std::map<Key, AppliedRecord> recorded = byKey(SchemaMigrationsTable::readAll(lease));
  std::vector<std::string> changed;
  std::vector<const Migration*> pending;
  for (const Migration* m : catalog_.all()) {
    const auto it = recorded.find({m->owner, m->version});
    if (it == recorded.end()) {
      pending.push_back(m);
    } else if (it->second.checksum != m->checksum) {
      changed.push_back(changedMessage(*m, it->second));
    }
  }
  if (!changed.empty()) throw MigrationError(std::move(changed));

  std::vector<const Migration*> applied;
  for (const Migration* m : pending) {
    const auto start = std::chrono::steady_clock::now();
    if (!applyOne(lease, *m)) continue;
    applied.push_back(m);
    if (observer) {
      observer(*m, std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::steady_clock::now() - start));
    }
  }
  return applied;
}

bool Migrator::applyOne(Lease& lease, const Migration& migration) {
  Transaction tx(lease);
  // Another process may have applied it since the records were read (SQLite has no run lock).
  if (const auto record = SchemaMigrationsTable::find(lease, migration.owner, migration.version)) {
    if (record->checksum != migration.checksum) {
      throw MigrationError(changedMessage(migration, *record));
    }
    return false;
  }
  try {
    runScript(lease, migration.sql);
  } catch (const ScriptError& e) {
    throw MigrationError(migration.file.string() + ": migration " + label(migration) +
                         " failed and was rolled back (nothing recorded; earlier migrations stay "
                         "applied): " +
                         e.what());
  }
  if (!sessionInTransaction(lease)) {
    lease.markFailed();
    throw MigrationError(migration.file.string() + ": migration " + label(migration) +
                         " ended the transaction it runs in, so it was committed (up to that "
                         "point) without being recorded; remove BEGIN/COMMIT/ROLLBACK from the "
                         "file (each migration already runs in its own transaction)");
  }
  SchemaMigrationsTable::insert(lease, {migration.owner, migration.version, migration.name,
                                        migration.checksum, common::isoTimestampNow()});
  tx.commit();
  return true;
}

}  // namespace atrium::host::db

#include "host/db/schema_migrations_table.hpp"

namespace atrium::host::db {
namespace {

constexpr const char* kColumns = "owner, version, name, checksum, applied_at";

}  // namespace

bool SchemaMigrationsTable::exists(Lease& lease) {
  int count = 0;
  if (lease.backend() == Backend::kSqlite) {
    lease.session() << "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '" +
                           std::string(kName) + "'",
        soci::into(count);
  } else {
    // to_regclass follows search_path, like the statements that use the table.
    lease.session() << "SELECT CASE WHEN to_regclass('" + std::string(kName) +
                           "') IS NULL THEN 0 ELSE 1 END",
        soci::into(count);
  }
  return count > 0;
}

void SchemaMigrationsTable::create(Lease& lease) {
  lease.session() << "CREATE TABLE IF NOT EXISTS " + std::string(kName) +
                         " (owner TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, "
                         "checksum TEXT NOT NULL, applied_at TEXT NOT NULL, "
                         "PRIMARY KEY (owner, version))";
}

std::vector<AppliedRecord> SchemaMigrationsTable::readAll(Lease& lease) {
  std::vector<AppliedRecord> records;
  if (!exists(lease)) return records;
  AppliedRecord row;
  soci::statement select =
      (lease.session().prepare << "SELECT " + std::string(kColumns) + " FROM " +
                                      std::string(kName) + " ORDER BY owner, version",
       soci::into(row.owner), soci::into(row.version), soci::into(row.name),
       soci::into(row.checksum), soci::into(row.applied_at));
  select.execute();
  while (select.fetch()) records.push_back(row);
  return records;
}

std::optional<AppliedRecord> SchemaMigrationsTable::find(Lease& lease, const std::string& owner,
                                                         int version) {
  AppliedRecord row;
  std::string owner_param = owner;
  int version_param = version;
  lease.session() << "SELECT " + std::string(kColumns) + " FROM " + std::string(kName) +
                         " WHERE owner = :owner AND version = :version",
      soci::use(owner_param, "owner"), soci::use(version_param, "version"), soci::into(row.owner),
      soci::into(row.version), soci::into(row.name), soci::into(row.checksum),
      soci::into(row.applied_at);
  if (!lease.session().got_data()) return std::nullopt;
  return row;
}

void SchemaMigrationsTable::insert(Lease& lease, const AppliedRecord& record) {
  AppliedRecord row = record;  // SOCI binds non-const references
  lease.session() << "INSERT INTO " + std::string(kName) + " (" + kColumns +
                         ") VALUES (:owner, :version, :name, :checksum, :applied_at)",
      soci::use(row.owner, "owner"), soci::use(row.version, "version"), soci::use(row.name, "name"),
      soci::use(row.checksum, "checksum"), soci::use(row.applied_at, "applied_at");
}

}  // namespace atrium::host::db

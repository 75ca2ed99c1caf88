#pragma once

#include <iosfwd>
#include <vector>

#include "host/db/database_url.hpp"
#include "host/db/migration_catalog.hpp"
#include "host/db/migrator.hpp"

namespace atrium::host::cli {

// `atrium migrate --status`: the database, then every owner of the catalog (and owners with
// recorded migrations only) with one line per migration, then a summary line:
//
//   database: sqlite:///srv/app/var/kaya.db
//   host (/usr/share/atrium/sql/host): no migrations
//   alpha (/srv/app/sql/alpha):
//     0001 create_items   applied 2026-01-31T12:00:00.000Z
//     0002 add_note       pending
//   2 migrations: 1 applied, 1 pending, 0 changed, 0 missing-file
void printMigrationStatus(std::ostream& out, const db::DatabaseUrl& url,
                          const db::MigrationCatalog& catalog,
                          const std::vector<db::MigrationStatus>& list);

// How many entries of `list` are in `state`.
size_t countState(const std::vector<db::MigrationStatus>& list, db::MigrationState state);

}  // namespace atrium::host::cli

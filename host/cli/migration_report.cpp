#include "host/cli/migration_report.hpp"

#include <algorithm>
#include <ostream>
#include <set>
#include <string>

#include "host/db/migration_file_name.hpp"

namespace atrium::host::cli {
namespace {

std::string stateText(const db::MigrationStatus& s) {
  switch (s.state) {
    case db::MigrationState::kApplied: return "applied " + s.applied_at;
    case db::MigrationState::kPending: return "pending";
    case db::MigrationState::kChanged:
      return "changed: applied " + s.applied_at + ", file edited since (" + s.file.string() + ")";
    case db::MigrationState::kMissingFile:
      return "missing-file: applied " + s.applied_at + ", no file any more";
  }
  return "";
}

void printOwner(std::ostream& out, const std::string& owner, const std::string& dir,
                const std::vector<db::MigrationStatus>& list) {
  size_t width = 0;
  for (const db::MigrationStatus& s : list) {
    if (s.owner == owner) width = std::max(width, s.name.size());
  }
  out << owner << (dir.empty() ? std::string() : " (" + dir + ")");
  if (width == 0) {
    out << ": no migrations\n";
    return;
  }
  out << ":\n";
  for (const db::MigrationStatus& s : list) {
    if (s.owner != owner) continue;
    out << "  " << db::migrationNumber(s.version) << " " << s.name
        << std::string(width - s.name.size() + 2, ' ') << stateText(s) << "\n";
  }
}

}  // namespace

size_t countState(const std::vector<db::MigrationStatus>& list, db::MigrationState state) {
  return static_cast<size_t>(
      std::count_if(list.begin(), list.end(), [&](const auto& s) { return s.state == state; }));
}

void printMigrationStatus(std::ostream& out, const db::DatabaseUrl& url,
                          const db::MigrationCatalog& catalog,
                          const std::vector<db::MigrationStatus>& list) {
  out << "database: " << url.display << "\n";
  std::set<std::string> printed;
  for (const db::OwnerMigrations& owner : catalog.owners()) {
    printOwner(out, owner.owner, owner.dir.string(), list);
    printed.insert(owner.owner);
  }
  for (const db::MigrationStatus& s : list) {
    if (printed.insert(s.owner).second) printOwner(out, s.owner, "", list);
  }
  out << list.size() << " migrations: " << countState(list, db::MigrationState::kApplied)
      << " applied, " << countState(list, db::MigrationState::kPending) << " pending, "
      << countState(list, db::MigrationState::kChanged) << " changed, "
      << countState(list, db::MigrationState::kMissingFile) << " missing-file\n";
}

}  // namespace atrium::host::cli

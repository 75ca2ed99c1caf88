#include "host/db/migration_catalog.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <system_error>

#include "host/common/sha256.hpp"
#include "host/db/migration_file_name.hpp"

namespace atrium::host::db {
namespace {

namespace fs = std::filesystem;
using Errors = std::vector<std::string>;

struct Candidate {
  MigrationFileName name;
  fs::path path;
};

std::string joinPaths(const std::vector<fs::path>& paths) {
  std::string out;
  for (const fs::path& path : paths) out += (out.empty() ? "" : ", ") + path.string();
  return out.empty() ? "no directories (database.migrations_dirs is empty)" : out;
}

std::string joinFileNames(const std::vector<Candidate>& files) {
  std::string out;
  for (const Candidate& file : files) {
    out += (out.empty() ? "" : ", ") + file.path.filename().string();
  }
  return out;
}

std::optional<fs::path> findOwnerDir(const std::string& owner, const std::vector<fs::path>& dirs) {
  for (const fs::path& dir : dirs) {
    std::error_code ec;
    if (fs::is_directory(dir / owner, ec)) return dir / owner;
  }
  return std::nullopt;
}

std::optional<std::string> readFile(const fs::path& path, Errors& errors) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in || in.bad()) {
    errors.push_back(path.string() + ": cannot read migration file");
    return std::nullopt;
  }
  return text.str();
}

// The migration files of one folder grouped by number; misnamed files are reported.
std::map<int, std::vector<Candidate>> scanFolder(const fs::path& dir, Errors& errors) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
    std::error_code type_ec;
    if (entry.is_regular_file(type_ec)) files.push_back(entry.path());
  }
  if (ec) errors.push_back(dir.string() + ": cannot list migrations: " + ec.message());
  std::sort(files.begin(), files.end());
  std::map<int, std::vector<Candidate>> by_version;
  for (const fs::path& file : files) {
    MigrationFileName name = parseMigrationFileName(file.filename().string());
    if (name.kind == MigrationFileName::Kind::kMisnamed) {
      errors.push_back(file.string() + ": misnamed migration: " + name.problem + "; " +
                       std::string(kMigrationNameRule));
    } else if (name.kind == MigrationFileName::Kind::kMigration) {
      by_version[name.version].push_back({std::move(name), file});
    }
  }
  return by_version;
}

// The file of one number for `backend`: its variant, else the plain file.
const Candidate* choose(const fs::path& dir, const std::vector<Candidate>& files, Backend backend,
                        Errors& errors) {
  const std::string& name = files.front().name.name;
  const bool same_name = std::all_of(files.begin(), files.end(),
                                     [&](const Candidate& c) { return c.name.name == name; });
  if (!same_name) {
    errors.push_back(dir.string() + ": migration number " +
                     migrationNumber(files.front().name.version) + " is used by different names: " +
                     joinFileNames(files) + " (each number once per owner; renumber one of them)");
    return nullptr;
  }
  const Candidate* plain = nullptr;
  for (const Candidate& file : files) {
    if (file.name.dialect == backend) return &file;
    if (!file.name.dialect) plain = &file;
  }
  if (plain != nullptr) return plain;
  const std::string base = migrationNumber(files.front().name.version) + "_" + name;
  errors.push_back(dir.string() + "/" + base + ": no file for " +
                   std::string(backendName(backend)) + ": only " + joinFileNames(files) + " (add " +
                   base + "." + std::string(backendName(backend)) + ".sql, or a plain " + base +
                   ".sql for every backend)");
  return nullptr;
}

OwnerMigrations readOwner(const std::string& owner, const fs::path& dir, Backend backend,
                          Errors& errors) {
  OwnerMigrations out{owner, dir, {}};
  for (const auto& [version, files] : scanFolder(dir, errors)) {
    const Candidate* chosen = choose(dir, files, backend, errors);
    if (chosen == nullptr) continue;
    std::optional<std::string> sql = readFile(chosen->path, errors);
    if (!sql) continue;
    Migration migration{owner, version, chosen->name.name, chosen->path, std::move(*sql), ""};
    migration.checksum = common::sha256Hex(migration.sql);
    out.migrations.push_back(std::move(migration));
  }
  return out;
}

}  // namespace

MigrationCatalog MigrationCatalog::discover(const std::vector<OwnerRequest>& owners,
                                            const std::vector<fs::path>& dirs, Backend backend) {
  MigrationCatalog catalog;
  catalog.backend_ = backend;
  Errors errors;
  std::set<std::string> seen;
  for (const OwnerRequest& request : owners) {
    if (!seen.insert(request.owner).second) continue;
    const std::optional<fs::path> dir = findOwnerDir(request.owner, dirs);
    if (!dir) {
      errors.push_back("migrations of owner '" + request.owner + "' (needed by " +
                       request.needed_by + ") not found: no folder " + request.owner + "/ in " +
                       joinPaths(dirs) + " (see database.migrations_dirs)");
      continue;
    }
    catalog.owners_.push_back(readOwner(request.owner, *dir, backend, errors));
  }
  if (!errors.empty()) throw MigrationError(std::move(errors));
  return catalog;
}

std::vector<const Migration*> MigrationCatalog::all() const {
  std::vector<const Migration*> out;
  for (const OwnerMigrations& owner : owners_) {
    for (const Migration& migration : owner.migrations) out.push_back(&migration);
  }
  return out;
}

}  // namespace atrium::host::db

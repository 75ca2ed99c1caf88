#include "host/db/migration_file_name.hpp"

#include <algorithm>
#include <cctype>

namespace atrium::host::db {
namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

bool endsWithSqlAnyCase(std::string_view name) {
  if (name.size() < 4) return false;
  std::string tail(name.substr(name.size() - 4));
  std::transform(tail.begin(), tail.end(), tail.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return tail == ".sql";
}

MigrationFileName misnamed(std::string problem) {
  MigrationFileName out;
  out.kind = MigrationFileName::Kind::kMisnamed;
  out.problem = std::move(problem);
  return out;
}

}  // namespace

std::string migrationNumber(int version) {
  std::string digits = std::to_string(version);
  return std::string(digits.size() < 4 ? 4 - digits.size() : 0, '0') + digits;
}

MigrationFileName parseMigrationFileName(std::string_view file_name) {
  const bool sql_suffix = endsWithSqlAnyCase(file_name);
  if (file_name.empty() || file_name.front() == '.' ||
      (!sql_suffix && !isDigit(file_name.front()))) {
    return {};  // kIgnored
  }
  if (!file_name.ends_with(".sql")) return misnamed("the file must end in .sql (lowercase)");
  std::string_view stem = file_name.substr(0, file_name.size() - 4);
  size_t digits = 0;
  while (digits < stem.size() && isDigit(stem[digits])) ++digits;
  if (digits != 4) return misnamed("the number needs exactly 4 digits");
  if (stem.size() < 5 || stem[4] != '_') return misnamed("the number must be followed by '_'");
  MigrationFileName out;
  out.kind = MigrationFileName::Kind::kMigration;
  out.version = std::stoi(std::string(stem.substr(0, 4)));
  if (out.version == 0) return misnamed("numbers start at 0001");
  stem.remove_prefix(5);
  if (const size_t dot = stem.rfind('.'); dot != std::string_view::npos) {
    const std::string_view dialect = stem.substr(dot + 1);
    if (dialect == "postgresql") {
      out.dialect = Backend::kPostgresql;
    } else if (dialect == "sqlite") {
      out.dialect = Backend::kSqlite;
    } else {
      return misnamed("unknown dialect '" + std::string(dialect) + "' (postgresql or sqlite)");
    }
    stem = stem.substr(0, dot);
  }
  const bool name_ok = !stem.empty() && std::all_of(stem.begin(), stem.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || isDigit(c) || c == '_';
  });
  if (!name_ok) return misnamed("the name may hold only a-z, 0-9 and _");
  out.name = std::string(stem);
  return out;
}

}  // namespace atrium::host::db

#include "host/db/migration_file_name.hpp"

#include <gtest/gtest.h>

namespace atrium::host::db {
namespace {

using Kind = MigrationFileName::Kind;

TEST(MigrationFileNameTest, PlainAndDialectVariants) {
  MigrationFileName plain = parseMigrationFileName("0001_create_users.sql");
  EXPECT_EQ(plain.kind, Kind::kMigration);
  EXPECT_EQ(plain.version, 1);
  EXPECT_EQ(plain.name, "create_users");
  EXPECT_FALSE(plain.dialect.has_value());

  MigrationFileName pg = parseMigrationFileName("0042_add_index2.postgresql.sql");
  EXPECT_EQ(pg.kind, Kind::kMigration);
  EXPECT_EQ(pg.version, 42);
  EXPECT_EQ(pg.name, "add_index2");
  EXPECT_EQ(pg.dialect, Backend::kPostgresql);

  EXPECT_EQ(parseMigrationFileName("9999_x.sqlite.sql").dialect, Backend::kSqlite);
}

TEST(MigrationFileNameTest, OtherFilesAreIgnored) {
  for (const char* name : {"README.md", "notes.txt", ".gitkeep", ".0001_x.sql.swp", "schema.png"}) {
    EXPECT_EQ(parseMigrationFileName(name).kind, Kind::kIgnored) << name;
  }
}

TEST(MigrationFileNameTest, MisnamedMigrationsSayWhatIsWrong) {
  const std::pair<const char*, const char*> cases[] = {
      {"001_create.sql", "4 digits"},
      {"00001_create.sql", "4 digits"},
      {"0001-create.sql", "followed by '_'"},
      {"0001_Create.sql", "a-z, 0-9 and _"},
      {"0001_create-users.sql", "a-z, 0-9 and _"},
      {"0001_.sql", "a-z, 0-9 and _"},
      {"0001_create.SQL", "lowercase"},
      {"0001_create.mysql.sql", "unknown dialect 'mysql'"},
      {"0001_create.sql.bak", "end in .sql"},
      {"0000_create.sql", "start at 0001"},
      {"create_users.sql", "4 digits"},
  };
  for (const auto& [name, problem] : cases) {
    const MigrationFileName parsed = parseMigrationFileName(name);
    EXPECT_EQ(parsed.kind, Kind::kMisnamed) << name;
    EXPECT_NE(parsed.problem.find(problem), std::string::npos) << name << ": " << parsed.problem;
  }
}

TEST(MigrationFileNameTest, MigrationNumberHasFourDigits) {
  EXPECT_EQ(migrationNumber(7), "0007");
  EXPECT_EQ(migrationNumber(1234), "1234");
}

}  // namespace
}  // namespace atrium::host::db

#include "host/db/migration_catalog.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "host/common/sha256.hpp"
#include "tests/support/temp_dir.hpp"

namespace atrium::host::db {
namespace {

namespace fs = std::filesystem;

class MigrationCatalogTest : public ::testing::Test {
 protected:
  MigrationCatalog discover(const std::vector<OwnerRequest>& owners,
                            Backend backend = Backend::kSqlite) {
    return MigrationCatalog::discover(owners, {dir_ / "a", dir_ / "b"}, backend);
  }

  // The messages of the MigrationError that discovering `owners` throws.
  std::vector<std::string> errors(const std::vector<OwnerRequest>& owners,
                                  Backend backend = Backend::kSqlite) {
    try {
      discover(owners, backend);
    } catch (const MigrationError& e) {
      return e.messages();
    }
    ADD_FAILURE() << "no MigrationError";
    return {};
  }

  static bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
  }

  atrium::testing::TempDir dir_{"atrium-catalog-test"};
  const std::vector<OwnerRequest> alpha_ = {{"alpha", "plugin 'shop'"}};
};

TEST_F(MigrationCatalogTest, ReadsMigrationsInVersionOrderWithChecksums) {
  dir_.write("a/alpha/0002_add_note.sql", "ALTER TABLE items ADD COLUMN note TEXT;\n");
  dir_.write("a/alpha/0001_create_items.sql", "CREATE TABLE items (id INTEGER);\n");
  dir_.write("a/alpha/0010_later.sql", "SELECT 1;\n");
  dir_.write("a/alpha/README.md", "# alpha\n");
  const MigrationCatalog catalog = discover(alpha_);
  ASSERT_EQ(catalog.owners().size(), 1u);
  const OwnerMigrations& owner = catalog.owners()[0];
  EXPECT_EQ(owner.owner, "alpha");
  EXPECT_EQ(owner.dir, dir_ / "a" / "alpha");
  ASSERT_EQ(owner.migrations.size(), 3u);
  EXPECT_EQ(owner.migrations[0].version, 1);
  EXPECT_EQ(owner.migrations[0].name, "create_items");
  EXPECT_EQ(owner.migrations[0].owner, "alpha");
  EXPECT_EQ(owner.migrations[0].file, dir_ / "a/alpha/0001_create_items.sql");
  EXPECT_EQ(owner.migrations[0].sql, "CREATE TABLE items (id INTEGER);\n");
  EXPECT_EQ(owner.migrations[0].checksum, common::sha256Hex("CREATE TABLE items (id INTEGER);\n"));
  EXPECT_EQ(owner.migrations[1].version, 2);
  EXPECT_EQ(owner.migrations[2].version, 10);
  EXPECT_EQ(catalog.all().size(), 3u);
}

TEST_F(MigrationCatalogTest, BackendVariantWinsOverThePlainFile) {
  dir_.write("a/alpha/0001_create.sql", "plain");
  dir_.write("a/alpha/0001_create.postgresql.sql", "pg");
  dir_.write("a/alpha/0002_only_variants.sqlite.sql", "lite 2");
  dir_.write("a/alpha/0002_only_variants.postgresql.sql", "pg 2");
  const MigrationCatalog sqlite = discover(alpha_, Backend::kSqlite);
  ASSERT_EQ(sqlite.all().size(), 2u);
  EXPECT_EQ(sqlite.all()[0]->sql, "plain");
  EXPECT_EQ(sqlite.all()[0]->name, "create");
  EXPECT_EQ(sqlite.all()[1]->sql, "lite 2");
  EXPECT_EQ(sqlite.all()[1]->file.filename(), "0002_only_variants.sqlite.sql");
  const MigrationCatalog pg = discover(alpha_, Backend::kPostgresql);
  EXPECT_EQ(pg.all()[0]->sql, "pg");
  EXPECT_EQ(pg.all()[0]->checksum, common::sha256Hex("pg"));
  EXPECT_EQ(pg.all()[1]->sql, "pg 2");
}

TEST_F(MigrationCatalogTest, NumberWithoutTheBackendsVariantIsAnError) {
  dir_.write("a/alpha/0001_create.postgresql.sql", "pg");
  const auto messages = errors(alpha_, Backend::kSqlite);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_TRUE(contains(messages[0], "0001_create.postgresql.sql")) << messages[0];
  EXPECT_TRUE(contains(messages[0], "no file for sqlite")) << messages[0];
  EXPECT_TRUE(contains(messages[0], "0001_create.sqlite.sql")) << messages[0];
  EXPECT_NO_THROW(discover(alpha_, Backend::kPostgresql));
}

TEST_F(MigrationCatalogTest, DuplicateNumbersWithDifferentNamesAreAnError) {
  dir_.write("a/alpha/0001_create_items.sql", "a");
  dir_.write("a/alpha/0001_create_orders.sqlite.sql", "b");
  const auto messages = errors(alpha_);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_TRUE(contains(messages[0], "number 0001")) << messages[0];
  EXPECT_TRUE(contains(messages[0], "0001_create_items.sql")) << messages[0];
  EXPECT_TRUE(contains(messages[0], "0001_create_orders.sqlite.sql")) << messages[0];
}

TEST_F(MigrationCatalogTest, EveryMisnamedFileIsReportedByPath) {
  dir_.write("a/alpha/0001_ok.sql", "a");
  dir_.write("a/alpha/002_short.sql", "b");
  dir_.write("a/alpha/0003_Upper.sql", "c");
  dir_.write("a/alpha/notes.txt", "ignored");
  const auto messages = errors(alpha_);
  ASSERT_EQ(messages.size(), 2u);  // in file name order
  EXPECT_TRUE(contains(messages[0], (dir_ / "a/alpha/0003_Upper.sql").string())) << messages[0];
  EXPECT_TRUE(contains(messages[0], "misnamed migration")) << messages[0];
  EXPECT_TRUE(contains(messages[1], (dir_ / "a/alpha/002_short.sql").string())) << messages[1];
  EXPECT_TRUE(contains(messages[1], "4 digits")) << messages[1];
}

TEST_F(MigrationCatalogTest, OwnerFolderIsSearchedInDirectoryOrder) {
  dir_.write("a/alpha/0001_first.sql", "from a");
  dir_.write("b/alpha/0001_first.sql", "from b");
  dir_.write("b/beta/0001_only_in_b.sql", "beta");
  fs::create_directories(dir_ / "b" / "host");
  const MigrationCatalog catalog =
      discover({{"host", "the host"}, {"alpha", "plugin 'shop'"}, {"beta", "plugin 'shop'"}});
  ASSERT_EQ(catalog.owners().size(), 3u);
  EXPECT_EQ(catalog.owners()[0].owner, "host");
  EXPECT_TRUE(catalog.owners()[0].migrations.empty());
  EXPECT_EQ(catalog.owners()[1].migrations.at(0).sql, "from a");  // first match wins
  EXPECT_EQ(catalog.owners()[2].dir, dir_ / "b" / "beta");
}

TEST_F(MigrationCatalogTest, RepeatedOwnersCountOnce) {
  dir_.write("a/alpha/0001_x.sql", "x");
  const MigrationCatalog catalog = discover({{"alpha", "plugin 'one'"}, {"alpha", "plugin 'two'"}});
  EXPECT_EQ(catalog.owners().size(), 1u);
}

TEST_F(MigrationCatalogTest, MissingOwnerFolderNamesWhoNeedsItAndWhereItWasSought) {
  dir_.write("a/alpha/0001_x.sql", "x");
  const auto messages = errors({{"alpha", "plugin 'shop'"}, {"gamma", "plugin 'shop'"}});
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_TRUE(contains(messages[0], "owner 'gamma'")) << messages[0];
  EXPECT_TRUE(contains(messages[0], "plugin 'shop'")) << messages[0];
  EXPECT_TRUE(contains(messages[0], (dir_ / "a").string())) << messages[0];
  EXPECT_TRUE(contains(messages[0], (dir_ / "b").string())) << messages[0];
}

TEST_F(MigrationCatalogTest, ChecksumChangesWithTheContent) {
  dir_.write("a/alpha/0001_x.sql", "CREATE TABLE x (a INTEGER);");
  const std::string before = discover(alpha_).all()[0]->checksum;
  dir_.write("a/alpha/0001_x.sql", "CREATE TABLE x (a INTEGER); ");
  EXPECT_NE(discover(alpha_).all()[0]->checksum, before);
  EXPECT_EQ(before.size(), 64u);
}

}  // namespace
}  // namespace atrium::host::db

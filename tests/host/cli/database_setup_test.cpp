#include "host/cli/database_setup.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "host/config/config_error.hpp"
#include "host/db/migrator.hpp"
#include "tests/host/db/test_database.hpp"
#include "tests/support/temp_dir.hpp"

namespace atrium::host::cli {
namespace {

namespace fs = std::filesystem;

config::DatabaseConfig withUrl(const std::string& url, const std::string& origin) {
  config::DatabaseConfig config;
  config.url = url;
  config.url_origin = origin;
  return config;
}

std::string urlError(const config::DatabaseConfig& config) {
  try {
    parseConfiguredUrl(config);
  } catch (const config::ConfigError& e) {
    EXPECT_EQ(e.messages().size(), 1u);
    return e.what();
  }
  ADD_FAILURE() << "URL accepted";
  return "";
}

TEST(DatabaseSetupTest, BadUrlNamesWhereItCameFromNeverThePassword) {
  EXPECT_EQ(urlError(withUrl("postgresql://app:hunter2@db:99999/kaya",
                             "config/kaya.yaml:12:8: database.url")),
            "config/kaya.yaml:12:8: database.url: database URL: invalid port '99999' (1-65535)");
  EXPECT_EQ(urlError(withUrl("postgresql://app:hunter2@db:5432/", "ATRIUM_DATABASE_URL")),
            "ATRIUM_DATABASE_URL: database URL: missing database name "
            "(postgresql://host/DATABASE)");
  const std::string no_at =
      urlError(withUrl("postgresql://app:hunter2/kaya", "ATRIUM_DATABASE_URL"));
  EXPECT_EQ(no_at.find("hunter2"), std::string::npos) << no_at;
  EXPECT_TRUE(no_at.starts_with("ATRIUM_DATABASE_URL: database URL: ")) << no_at;
}

TEST(DatabaseSetupTest, RelativeSqlitePathIsRelativeToTheWorkingDirectory) {
  const db::DatabaseUrl url = parseConfiguredUrl(withUrl("sqlite://var/kaya.db", "x"));
  EXPECT_EQ(url.sqlite_file, fs::current_path() / "var" / "kaya.db");
  EXPECT_EQ(parseConfiguredUrl(withUrl("sqlite:///srv/kaya.db", "x")).sqlite_file, "/srv/kaya.db");
}

TEST(DatabaseSetupTest, MigrateModeDefaultsByBackend) {
  config::DatabaseConfig config;
  EXPECT_EQ(migrateMode(config, db::Backend::kSqlite), config::MigrateMode::kAuto);
  EXPECT_EQ(migrateMode(config, db::Backend::kPostgresql), config::MigrateMode::kManual);
  config.migrate = config::MigrateMode::kAuto;
  EXPECT_EQ(migrateMode(config, db::Backend::kPostgresql), config::MigrateMode::kAuto);
  config.migrate = config::MigrateMode::kManual;
  EXPECT_EQ(migrateMode(config, db::Backend::kSqlite), config::MigrateMode::kManual);
}

TEST(DatabaseSetupTest, UnreachableDatabaseIsOneLineWithoutThePassword) {
  common::LogSink sink(-1);
  const config::DatabaseConfig config =
      withUrl("postgresql://app:hunter2@127.0.0.1:1/kaya?connect_timeout=2", "x");
  try {
    openDatabase(config, parseConfiguredUrl(config), common::Logger(sink, "host.db"));
    FAIL() << "opened";
  } catch (const db::DatabaseUnavailable& e) {
    const std::string message = e.what();
    EXPECT_TRUE(message.starts_with("cannot open database postgresql://app:***@127.0.0.1:1/kaya"))
        << message;
    EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

// prepareSchema on both backends: auto applies and logs, manual refuses while anything is pending.
class PrepareSchemaTest : public db::testing::BothBackendsTest {
 protected:
  void SetUp() override {
    BothBackendsTest::SetUp();
    fs::create_directories(dir_ / "sql" / "host");
    dir_.write("sql/alpha/0001_create_items.sql", "CREATE TABLE items (id INTEGER);");
    dir_.write("sql/alpha/0002_seed_items.sql", "INSERT INTO items VALUES (1);");
    log_fd_ = ::open((dir_ / "log.jsonl").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  }
  void TearDown() override {
    ::close(log_fd_);
    BothBackendsTest::TearDown();
  }

  db::MigrationCatalog catalog() {
    return db::MigrationCatalog::discover({{"host", "the host"}, {"alpha", "plugin 'x'"}},
                                          {dir_ / "sql"}, GetParam());
  }
  std::string logText() { return dir_.read("log.jsonl"); }

  int log_fd_ = -1;
};
INSTANTIATE_TEST_SUITE_P(Backends, PrepareSchemaTest, db::testing::kBothBackends,
                         db::testing::testBackendName);

TEST_P(PrepareSchemaTest, AutoAppliesAndLogsEachMigration) {
  common::LogSink sink(log_fd_);
  db::ConnectionPool& pool = makePool({.size = 1});
  const db::MigrationCatalog migrations = catalog();
  prepareSchema(pool, migrations, config::MigrateMode::kAuto, common::Logger(sink, "host.db"),
                "/srv/kaya.yaml");
  const std::string log = logText();
  EXPECT_NE(log.find(R"("msg":"migration applied")"), std::string::npos) << log;
  EXPECT_NE(log.find(R"("name":"seed_items")"), std::string::npos) << log;
  EXPECT_NE(log.find(R"("applied":2)"), std::string::npos) << log;
  const auto status = db::Migrator(pool, migrations).status();
  EXPECT_EQ(status.at(1).state, db::MigrationState::kApplied);
}

TEST_P(PrepareSchemaTest, ManualRefusesWhilePendingAndNamesTheCommand) {
  common::LogSink sink(log_fd_);
  db::ConnectionPool& pool = makePool({.size = 1});
  const db::MigrationCatalog migrations = catalog();
  try {
    prepareSchema(pool, migrations, config::MigrateMode::kManual, common::Logger(sink, "host.db"),
                  "/srv/kaya.yaml");
    FAIL() << "started with pending migrations";
  } catch (const db::MigrationError& e) {
    ASSERT_EQ(e.messages().size(), 3u) << e.what();
    EXPECT_NE(e.messages()[0].find("2 database migration(s) pending"), std::string::npos);
    EXPECT_NE(e.messages()[0].find("atrium migrate --config /srv/kaya.yaml"), std::string::npos);
    EXPECT_NE(e.messages()[1].find("0001_create_items.sql"), std::string::npos);
    EXPECT_NE(e.messages()[2].find("0002_seed_items.sql"), std::string::npos);
  }
  db::Migrator(pool, migrations).apply();
  EXPECT_NO_THROW(prepareSchema(pool, migrations, config::MigrateMode::kManual,
                                common::Logger(sink, "host.db"), "/srv/kaya.yaml"));
}

TEST_P(PrepareSchemaTest, ChangedMigrationStopsBothModes) {
  common::LogSink sink(log_fd_);
  db::ConnectionPool& pool = makePool({.size = 1});
  {
    const db::MigrationCatalog migrations = catalog();
    db::Migrator(pool, migrations).apply();
  }
  dir_.write("sql/alpha/0002_seed_items.sql", "INSERT INTO items VALUES (2);");
  const db::MigrationCatalog edited = catalog();
  for (const auto mode : {config::MigrateMode::kAuto, config::MigrateMode::kManual}) {
    try {
      prepareSchema(pool, edited, mode, common::Logger(sink, "host.db"), "/srv/kaya.yaml");
      ADD_FAILURE() << "started with a changed migration";
    } catch (const db::MigrationError& e) {
      EXPECT_NE(std::string(e.what()).find("0002_seed_items.sql"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace atrium::host::cli

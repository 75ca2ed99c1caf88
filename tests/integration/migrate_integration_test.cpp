// Migrations through the real binary: `atrium migrate [--status]`, serve's start-up step
// (auto on SQLite, manual refusal, edited migrations), database URL and connection errors.
// Plugin: tests/fixtures/plugins/sql_owners (owners alpha, beta); files: tests/fixtures/sql/.
#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "host/db/connection_pool.hpp"
#include "tests/host/db/test_database.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_server.hpp"

namespace atrium::testing {
namespace {

namespace fs = std::filesystem;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

size_t occurrences(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

fs::path fixtureSql() { return sourceDir() / "tests" / "fixtures" / "sql"; }

// The host's own migrations (sql/host: distinct numbers) plus the fixtures' three, as text.
size_t expectedMigrations() {
  std::set<std::string> numbers;
  for (const auto& entry : fs::directory_iterator(sourceDir() / "sql" / "host")) {
    const std::string name = entry.path().filename().string();
    if (name.size() > 4 && name.ends_with(".sql")) numbers.insert(name.substr(0, 4));
  }
  return numbers.size() + 3;
}
std::string migrationsText() { return std::to_string(expectedMigrations()); }

// A product using the sql_owners plugin. The fixture owners come from `sql_dir`, the host's own
// (sql/host) from the build's sql directory, as an operator adding a directory would write it.
std::string migrateConfig(const fs::path& sql_dir, const std::string& database_extra = "") {
  return "product: migtest\n"
         "server:\n  listen: \"127.0.0.1:0\"\n"
         "database:\n"
         "  url: \"sqlite://var/migtest.db\"\n"
         "  migrations_dirs: [\"" +
         sql_dir.string() + "\", \"" + (binaryDir() / "sql").string() + "\"]\n" + database_extra +
         "plugin_dirs: [\"" + testPluginDir().string() +
         "\"]\n"
         "plugins:\n  - name: sql_owners\n"
         "routes:\n  - {method: GET, path: /ping, handler: sql_owners.ping}\n";
}

class MigrateIntegrationTest : public ::testing::Test {
 protected:
  // Runs atrium in dir_ (the relative SQLite URL lands in dir_/var/migtest.db).
  RunResult run(const std::vector<std::string>& args,
                const std::map<std::string, std::string>& env = {}) {
    RunOptions options;
    options.working_dir = dir_.path();
    return runAtrium(args, env, options);
  }
  RunResult migrate(const std::vector<std::string>& extra = {},
                    const std::map<std::string, std::string>& env = {}) {
    std::vector<std::string> args = {"migrate", "--config", config_.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run(args, env);
  }
  RunResult serveOnce(const std::map<std::string, std::string>& env = {}) {
    return run({"serve", "--config", config_.string(), "--listen", "127.0.0.1:0"}, env);
  }
  void writeConfig(const std::string& text) { config_ = dir_.write("app.yaml", text); }

  // The fixture migrations copied into dir_/sql, to edit them.
  fs::path copyFixtures() {
    fs::copy(fixtureSql(), dir_ / "sql", fs::copy_options::recursive);
    return dir_ / "sql";
  }

  long long countRows(const std::string& table) {
    host::db::ConnectionPool pool(
        host::db::parseDatabaseUrl("sqlite://" + (dir_ / "var/migtest.db").string(), "/"),
        {.size = 1});
    host::db::Lease lease = pool.acquire();
    long long n = -1;
    *lease << "SELECT COUNT(*) FROM " + table, soci::into(n);
    return n;
  }

  TempDir dir_{"atrium-migrate-it"};
  fs::path config_;
};

TEST_F(MigrateIntegrationTest, StatusThenMigrateThenStatus) {
  writeConfig(migrateConfig(fixtureSql()));
  const RunResult before = migrate({"--status"});
  EXPECT_EQ(before.exit_code, 0) << before.stderr_text;
  EXPECT_TRUE(contains(before.stdout_text, "database: sqlite://" + dir_.path().string()))
      << before.stdout_text;
  EXPECT_TRUE(contains(before.stdout_text, "host (")) << before.stdout_text;
  EXPECT_TRUE(contains(before.stdout_text, "0001 create_items  pending")) << before.stdout_text;
  EXPECT_TRUE(contains(before.stdout_text, migrationsText() + " migrations: 0 applied, " +
                                               migrationsText() + " pending"))
      << before.stdout_text;

  const RunResult applied = migrate();
  EXPECT_EQ(applied.exit_code, 0) << applied.stderr_text;
  EXPECT_TRUE(contains(applied.stdout_text, "applied alpha/0001 create_items"))
      << applied.stdout_text;
  EXPECT_TRUE(contains(applied.stdout_text, "applied alpha/0002 seed_items"))
      << applied.stdout_text;
  EXPECT_TRUE(contains(applied.stdout_text, "0001_create_events.sqlite.sql"))
      << applied.stdout_text;
  EXPECT_TRUE(contains(applied.stdout_text, migrationsText() + " migration(s) applied"))
      << applied.stdout_text;
  EXPECT_EQ(countRows("alpha_items"), 2);

  const RunResult after = migrate({"--status"});
  EXPECT_EQ(after.exit_code, 0) << after.stderr_text;
  EXPECT_TRUE(contains(after.stdout_text, "0002 seed_items    applied 20")) << after.stdout_text;
  EXPECT_TRUE(contains(after.stdout_text, migrationsText() + " migrations: " + migrationsText() +
                                              " applied, 0 pending"))
      << after.stdout_text;
  EXPECT_TRUE(contains(migrate().stdout_text, "nothing to apply"));
}

TEST_F(MigrateIntegrationTest, ServeAppliesMigrationsBeforeStartingPlugins) {
  TestServer server(migrateConfig(fixtureSql()));  // runs in its temp dir: var/migtest.db there
  EXPECT_EQ(server.client().get("/ping").status, 200);
  EXPECT_EQ(server.logLinesWithMsg("migration applied").size(), expectedMigrations());
  const std::string log = server.logText();
  EXPECT_LT(log.find("\"msg\":\"migration applied\""), log.find("\"msg\":\"plugin started\""));
  EXPECT_TRUE(fs::exists(server.dir() / "var" / "migtest.db"));
  EXPECT_EQ(server.stop(), 0);
  host::db::ConnectionPool pool(
      host::db::parseDatabaseUrl("sqlite://" + (server.dir() / "var/migtest.db").string(), "/"),
      {.size = 1});
  host::db::Lease lease = pool.acquire();
  long long n = -1;
  *lease << "SELECT COUNT(*) FROM alpha_items", soci::into(n);
  EXPECT_EQ(n, 2);
}

TEST_F(MigrateIntegrationTest, ManualModeRefusesToStartAndListsPending) {
  writeConfig(migrateConfig(fixtureSql(), "  migrate: manual\n"));
  const RunResult refused = serveOnce();
  EXPECT_EQ(refused.exit_code, 1);
  const std::string& err = refused.stderr_text;
  EXPECT_TRUE(contains(err, "atrium: " + migrationsText() + " database migration(s) pending"))
      << err;
  EXPECT_TRUE(contains(err, "atrium migrate --config " + config_.string())) << err;
  EXPECT_TRUE(contains(err, (fixtureSql() / "alpha/0001_create_items.sql").string())) << err;
  EXPECT_TRUE(contains(err, "0001_create_events.sqlite.sql")) << err;
  EXPECT_FALSE(contains(err, "plugin started")) << err;
  EXPECT_FALSE(contains(err, "listening")) << err;

  ASSERT_EQ(migrate().exit_code, 0);
  TestServerOptions options;
  options.working_dir = dir_.path();
  TestServer server(readFile(config_), options);
  EXPECT_EQ(server.client().get("/ping").status, 200);
  EXPECT_TRUE(server.logLinesWithMsg("migration applied").empty());
}

TEST_F(MigrateIntegrationTest, EditedMigrationRefusesStartNamingTheFile) {
  writeConfig(migrateConfig(copyFixtures()));
  ASSERT_EQ(migrate().exit_code, 0);
  const fs::path edited = dir_ / "sql/alpha/0002_seed_items.sql";
  writeFile(edited, readFile(edited) + "INSERT INTO alpha_items (id, label) VALUES (3, 'x');\n");

  const RunResult refused = serveOnce();
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(contains(refused.stderr_text, "atrium: " + edited.string())) << refused.stderr_text;
  EXPECT_TRUE(contains(refused.stderr_text, "new migration")) << refused.stderr_text;
  EXPECT_EQ(countRows("alpha_items"), 2);

  const RunResult status = migrate({"--status"});
  EXPECT_EQ(status.exit_code, 1);
  EXPECT_TRUE(contains(status.stdout_text, "0002 seed_items    changed")) << status.stdout_text;
  EXPECT_EQ(migrate().exit_code, 1);
}

TEST_F(MigrateIntegrationTest, DeletedAppliedMigrationIsReportedNotFatal) {
  writeConfig(migrateConfig(copyFixtures()));
  ASSERT_EQ(migrate().exit_code, 0);
  fs::remove(dir_ / "sql/alpha/0002_seed_items.sql");
  const RunResult status = migrate({"--status"});
  EXPECT_EQ(status.exit_code, 0) << status.stderr_text;
  EXPECT_TRUE(contains(status.stdout_text, "0002 seed_items    missing-file: applied 20"))
      << status.stdout_text;
  EXPECT_EQ(migrate().exit_code, 0);
}

TEST_F(MigrateIntegrationTest, FailingMigrationRollsBackAndNamesFileAndDatabaseMessage) {
  writeConfig(migrateConfig(copyFixtures()));
  writeFile(dir_ / "sql/alpha/0003_broken.sql",
            "CREATE TABLE alpha_half (id INTEGER);\nINSERT INTO no_such_table VALUES (1);\n");
  const RunResult result = migrate();
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(contains(result.stderr_text, (dir_ / "sql/alpha/0003_broken.sql").string()))
      << result.stderr_text;
  EXPECT_TRUE(contains(result.stderr_text, "no_such_table")) << result.stderr_text;
  EXPECT_TRUE(contains(result.stdout_text, "applied alpha/0002 seed_items")) << result.stdout_text;
  const RunResult status = migrate({"--status"});
  EXPECT_TRUE(contains(status.stdout_text, "0003 broken        pending")) << status.stdout_text;
}

TEST_F(MigrateIntegrationTest, UnreachablePostgresqlIsOneLineWithoutThePassword) {
  writeConfig(migrateConfig(fixtureSql()));
  const std::map<std::string, std::string> env = {
      {"ATRIUM_DATABASE_URL", "postgresql://app:hunter2@127.0.0.1:1/atrium"}};
  for (const RunResult& result : {serveOnce(env), migrate({}, env)}) {
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_FALSE(contains(result.stderr_text + result.stdout_text, "hunter2"));
    std::vector<std::string> plain;  // stderr lines that are not JSON log lines
    std::istringstream lines(result.stderr_text);
    for (std::string line; std::getline(lines, line);) {
      if (!line.starts_with("{")) plain.push_back(line);
    }
    ASSERT_EQ(plain.size(), 1u) << result.stderr_text;
    EXPECT_TRUE(contains(plain[0], "cannot open database postgresql://app:***@127.0.0.1:1/atrium"))
        << plain[0];
  }
}

TEST_F(MigrateIntegrationTest, BadUrlIsLocatedAndNeverEchoesThePassword) {
  writeConfig(migrateConfig(fixtureSql()));
  std::string text = readFile(config_);
  text.replace(text.find("sqlite://var/migtest.db"), 23, "postgresql://app:hunter2@db:99999/x");
  writeConfig(text);
  for (const RunResult& result :
       {run({"check-config", "--config", config_.string()}), serveOnce(), migrate()}) {
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_TRUE(contains(
        result.stderr_text,
        config_.string() + ":5:8: database.url: database URL: invalid port '99999' (1-65535)"))
        << result.stderr_text;
    EXPECT_FALSE(contains(result.stderr_text, "hunter2"));
  }
  writeConfig(migrateConfig(fixtureSql()));
  const RunResult from_env = run({"check-config", "--config", config_.string()},
                                 {{"ATRIUM_DATABASE_URL", "postgresql://app:hunter2/x"}});
  EXPECT_EQ(from_env.exit_code, 1);
  EXPECT_TRUE(contains(from_env.stderr_text, "ATRIUM_DATABASE_URL: database URL: "))
      << from_env.stderr_text;
  EXPECT_FALSE(contains(from_env.stderr_text, "hunter2"));
}

TEST_F(MigrateIntegrationTest, CheckConfigValidatesMigrationFilesWithoutConnecting) {
  const fs::path sql = copyFixtures();
  writeConfig(migrateConfig(sql));
  const RunResult ok = run({"check-config", "--config", config_.string()});
  EXPECT_EQ(ok.exit_code, 0) << ok.stderr_text;
  EXPECT_FALSE(fs::exists(dir_ / "var")) << "check-config opened the database";

  writeFile(sql / "alpha/003_short.sql", "SELECT 1;");
  fs::remove_all(sql / "beta");
  const RunResult bad = run({"check-config", "--config", config_.string()});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_TRUE(
      contains(bad.stderr_text, (sql / "alpha/003_short.sql").string() + ": misnamed migration"))
      << bad.stderr_text;
  EXPECT_TRUE(
      contains(bad.stderr_text,
               "owner 'beta' (needed by plugin 'sql_owners') not found: no folder beta/ in " +
                   sql.string() + ", " + (binaryDir() / "sql").string()))
      << bad.stderr_text;
}

TEST_F(MigrateIntegrationTest, HelpAndUsageErrors) {
  const RunResult help = run({"migrate", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_TRUE(contains(help.stdout_text, "Usage: atrium migrate --config FILE [--status]"));
  EXPECT_EQ(run({"migrate"}).exit_code, 2);
  EXPECT_EQ(run({"migrate", "--config", "x.yaml", "--bogus"}).exit_code, 2);
  EXPECT_TRUE(contains(run({"--help"}).stdout_text, "atrium migrate --config FILE [--status]"));
}

// On PostgreSQL (a fresh database per test): manual by default, `atrium migrate` from two
// processes at once applies every migration exactly once, then serve starts.
class MigratePostgresqlIntegrationTest : public host::db::testing::PostgresqlTest {
 protected:
  static RunResult runIn(const fs::path& dir, const std::vector<std::string>& args,
                         const std::map<std::string, std::string>& env) {
    RunOptions options;
    options.working_dir = dir;
    return runAtrium(args, env, options);
  }
};

TEST_F(MigratePostgresqlIntegrationTest, ManualByDefaultAndConcurrentMigrateAppliesOnce) {
  const fs::path config = dir_.write("app.yaml", migrateConfig(fixtureSql()));
  const std::map<std::string, std::string> env = {{"ATRIUM_DATABASE_URL", url_text_}};
  const RunResult refused =
      runIn(dir_.path(), {"serve", "--config", config.string(), "--listen", "127.0.0.1:0"}, env);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(contains(refused.stderr_text, "database.migrate is manual")) << refused.stderr_text;

  RunResult first;
  RunResult second;
  std::thread a([&] { first = runIn(dir_.path(), {"migrate", "--config", config.string()}, env); });
  std::thread b([&] {
    second = runIn(dir_.path(), {"migrate", "--config", config.string()}, env);
  });
  a.join();
  b.join();
  EXPECT_EQ(first.exit_code, 0) << first.stderr_text;
  EXPECT_EQ(second.exit_code, 0) << second.stderr_text;
  EXPECT_EQ(occurrences(first.stdout_text + second.stdout_text, "\napplied "), expectedMigrations())
      << first.stdout_text << second.stdout_text;
  EXPECT_TRUE(
      contains(first.stdout_text + second.stdout_text, "0001_create_events.postgresql.sql"));

  TestServerOptions options;
  options.env = env;
  TestServer server(migrateConfig(fixtureSql()), options);
  EXPECT_EQ(server.client().get("/ping").status, 200);
  EXPECT_EQ(server.stop(), 0);
  host::db::Lease lease = makePool({.size = 1}).acquire();
  long long n = -1;
  *lease << "SELECT COUNT(*) FROM alpha_items", soci::into(n);
  EXPECT_EQ(n, 2);
}

}  // namespace
}  // namespace atrium::testing

#include "host/db/migrator.hpp"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "host/common/sha256.hpp"
#include "host/db/migration_lock.hpp"
#include "host/db/schema_migrations_table.hpp"
#include "tests/host/db/test_database.hpp"

namespace atrium::host::db {
namespace {

namespace fs = std::filesystem;

constexpr const char* kCreateItems = R"(-- two statements in one file
CREATE TABLE items (id INTEGER PRIMARY KEY, label TEXT NOT NULL);
CREATE INDEX items_label ON items (label);
)";
constexpr const char* kSeedItems =
    "INSERT INTO items (id, label) VALUES (1, 'one');\n"
    "INSERT INTO items (id, label) VALUES (2, 'two; with a semicolon');\n";

class MigratorTest : public testing::BothBackendsTest {
 protected:
  void write(const std::string& relative, const std::string& sql) {
    dir_.write(fs::path("sql") / relative, sql);
  }

  MigrationCatalog catalog() {
    return MigrationCatalog::discover({{"host", "the host"}, {"alpha", "plugin 'test'"}},
                                      {dir_ / "sql"}, GetParam());
  }

  void writeStandardSet() {
    fs::create_directories(dir_ / "sql" / "host");
    write("alpha/0001_create_items.sql", kCreateItems);
    write("alpha/0002_seed_items.sql", kSeedItems);
  }

  long long count(ConnectionPool& pool, const std::string& sql) {
    Lease lease = pool.acquire();
    long long n = -1;
    *lease << sql, soci::into(n);
    return n;
  }

  bool tableExists(ConnectionPool& pool, const std::string& table) {
    const std::string sql =
        GetParam() == Backend::kSqlite
            ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '" + table + "'"
            : "SELECT COUNT(*) FROM pg_tables WHERE tablename = '" + table + "'";
    return count(pool, sql) > 0;
  }

  static std::vector<std::string> states(const std::vector<MigrationStatus>& list) {
    std::vector<std::string> out;
    for (const MigrationStatus& s : list) {
      out.push_back(s.owner + "/" + std::to_string(s.version) + " " +
                    std::string(migrationStateName(s.state)));
    }
    return out;
  }

  static bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
  }
};
INSTANTIATE_TEST_SUITE_P(Backends, MigratorTest, testing::kBothBackends, testing::testBackendName);

TEST_P(MigratorTest, AppliesInOrderAndRecordsChecksums) {
  writeStandardSet();
  ConnectionPool& pool = makePool({.size = 2});
  const MigrationCatalog migrations = catalog();
  std::vector<std::string> observed;
  const auto applied = Migrator(pool, migrations).apply([&](const Migration& m, auto duration) {
    observed.push_back(m.name);
    EXPECT_GE(duration.count(), 0);
  });
  ASSERT_EQ(applied.size(), 2u);
  EXPECT_EQ(observed, (std::vector<std::string>{"create_items", "seed_items"}));
  EXPECT_EQ(count(pool, "SELECT COUNT(*) FROM items"), 2);
  Lease lease = pool.acquire();
  const std::vector<AppliedRecord> records = SchemaMigrationsTable::readAll(lease);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].owner, "alpha");
  EXPECT_EQ(records[0].version, 1);
  EXPECT_EQ(records[0].name, "create_items");
  EXPECT_EQ(records[0].checksum, common::sha256Hex(kCreateItems));
  EXPECT_EQ(records[1].checksum, common::sha256Hex(kSeedItems));
  EXPECT_EQ(records[1].applied_at.size(), 24u) << records[1].applied_at;  // ISO-8601 UTC, ms
  EXPECT_EQ(records[1].applied_at.back(), 'Z');
}

TEST_P(MigratorTest, SecondRunIsIdempotent) {
  writeStandardSet();
  ConnectionPool& pool = makePool({.size = 1});
  const MigrationCatalog migrations = catalog();
  EXPECT_EQ(Migrator(pool, migrations).apply().size(), 2u);
  EXPECT_TRUE(Migrator(pool, migrations).apply().empty());
  EXPECT_EQ(count(pool, "SELECT COUNT(*) FROM items"), 2);
  // A new file is picked up by the next run.
  write("alpha/0003_more_items.sql", "INSERT INTO items (id, label) VALUES (3, 'three');");
  const MigrationCatalog more = catalog();
  const auto applied = Migrator(pool, more).apply();
  ASSERT_EQ(applied.size(), 1u);
  EXPECT_EQ(applied[0]->version, 3);
  EXPECT_EQ(count(pool, "SELECT COUNT(*) FROM items"), 3);
}

TEST_P(MigratorTest, FailingMigrationIsRolledBackAndOnlyItself) {
  fs::create_directories(dir_ / "sql" / "host");
  write("alpha/0001_create_items.sql", kCreateItems);
  write("alpha/0002_broken.sql",
        "CREATE TABLE half_done (id INTEGER);\nINSERT INTO nowhere (id) VALUES (1);\n");
  write("alpha/0003_after.sql", "CREATE TABLE after_broken (id INTEGER);");
  ConnectionPool& pool = makePool({.size = 1});
  const MigrationCatalog migrations = catalog();
  try {
    Migrator(pool, migrations).apply();
    FAIL() << "no error";
  } catch (const MigrationError& e) {
    const std::string message = e.what();
    EXPECT_TRUE(contains(message, (dir_ / "sql/alpha/0002_broken.sql").string())) << message;
    EXPECT_TRUE(contains(message, "nowhere")) << message;  // the database's own message
    EXPECT_TRUE(contains(message, "rolled back")) << message;
  }
  EXPECT_TRUE(tableExists(pool, "items"));
  EXPECT_FALSE(tableExists(pool, "half_done"));
  EXPECT_FALSE(tableExists(pool, "after_broken"));
  EXPECT_EQ(states(Migrator(pool, migrations).status()),
            (std::vector<std::string>{"alpha/1 applied", "alpha/2 pending", "alpha/3 pending"}));
  // Fixed, the run continues where it stopped.
  write("alpha/0002_broken.sql", "CREATE TABLE half_done (id INTEGER);");
  const MigrationCatalog fixed = catalog();
  EXPECT_EQ(Migrator(pool, fixed).apply().size(), 2u);
  EXPECT_TRUE(tableExists(pool, "after_broken"));
}

TEST_P(MigratorTest, EditedMigrationIsRefusedNamingTheFile) {
  writeStandardSet();
  ConnectionPool& pool = makePool({.size = 1});
  {
    const MigrationCatalog migrations = catalog();
    Migrator(pool, migrations).apply();
  }
  write("alpha/0001_create_items.sql", std::string(kCreateItems) + "-- edited\n");
  write("alpha/0003_new.sql", "CREATE TABLE newer (id INTEGER);");
  const MigrationCatalog edited = catalog();
  try {
    Migrator(pool, edited).apply();
    FAIL() << "no error";
  } catch (const MigrationError& e) {
    const std::string message = e.what();
    EXPECT_TRUE(contains(message, (dir_ / "sql/alpha/0001_create_items.sql").string())) << message;
    EXPECT_TRUE(contains(message, "new migration")) << message;
  }
  EXPECT_FALSE(tableExists(pool, "newer"));  // nothing runs while a migration is changed
  EXPECT_EQ(states(Migrator(pool, edited).status()),
            (std::vector<std::string>{"alpha/1 changed", "alpha/2 applied", "alpha/3 pending"}));
}

TEST_P(MigratorTest, StatusReportsEveryState) {
  writeStandardSet();
  write("alpha/0003_third.sql", "CREATE TABLE third (id INTEGER);");
  ConnectionPool& pool = makePool({.size = 1});
  {
    const MigrationCatalog migrations = catalog();
    const std::vector<MigrationStatus> before = Migrator(pool, migrations).status();
    EXPECT_EQ(states(before),
              (std::vector<std::string>{"alpha/1 pending", "alpha/2 pending", "alpha/3 pending"}));
    EXPECT_TRUE(before[0].applied_at.empty());
    EXPECT_EQ(before[0].file, dir_ / "sql/alpha/0001_create_items.sql");
    EXPECT_FALSE(tableExists(pool, SchemaMigrationsTable::kName));  // status only reads
    Migrator(pool, migrations).apply();
  }
  write("alpha/0002_seed_items.sql", "-- changed\n");
  fs::remove(dir_ / "sql/alpha/0003_third.sql");
  write("alpha/0004_fourth.sql", "SELECT 1;");
  const MigrationCatalog now = catalog();
  const std::vector<MigrationStatus> after = Migrator(pool, now).status();
  EXPECT_EQ(states(after), (std::vector<std::string>{"alpha/1 applied", "alpha/2 changed",
                                                     "alpha/4 pending", "alpha/3 missing-file"}));
  EXPECT_FALSE(after[0].applied_at.empty());
  EXPECT_EQ(after[3].name, "third");
  EXPECT_TRUE(after[3].file.empty());
  // Recorded migrations of an owner nobody asks for any more are listed last.
  const MigrationCatalog host_only =
      MigrationCatalog::discover({{"host", "the host"}}, {dir_ / "sql"}, GetParam());
  EXPECT_EQ(states(Migrator(pool, host_only).status()),
            (std::vector<std::string>{"alpha/1 missing-file", "alpha/2 missing-file",
                                      "alpha/3 missing-file"}));
}

TEST_P(MigratorTest, DialectVariantsRunOnTheirBackend) {
  fs::create_directories(dir_ / "sql" / "host");
  write("alpha/0001_create_log.sqlite.sql",
        "CREATE TABLE log (id INTEGER PRIMARY KEY AUTOINCREMENT, backend TEXT);\n"
        "INSERT INTO log (backend) VALUES ('sqlite');");
  write("alpha/0001_create_log.postgresql.sql",
        "CREATE TABLE log (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, backend TEXT);\n"
        "INSERT INTO log (backend) VALUES ('postgresql');");
  ConnectionPool& pool = makePool({.size = 1});
  const MigrationCatalog migrations = catalog();
  Migrator(pool, migrations).apply();
  Lease lease = pool.acquire();
  std::string backend;
  *lease << "SELECT backend FROM log", soci::into(backend);
  EXPECT_EQ(backend, backendName(GetParam()));
}

TEST_P(MigratorTest, MigrationThatCommitsItselfIsAnError) {
  fs::create_directories(dir_ / "sql" / "host");
  write("alpha/0001_sneaky.sql", "CREATE TABLE sneaky (id INTEGER);\nCOMMIT;\n");
  ConnectionPool& pool = makePool({.size = 1});
  const MigrationCatalog migrations = catalog();
  try {
    Migrator(pool, migrations).apply();
    FAIL() << "no error";
  } catch (const MigrationError& e) {
    EXPECT_TRUE(contains(e.what(), "0001_sneaky.sql")) << e.what();
    EXPECT_TRUE(contains(e.what(), "COMMIT")) << e.what();
  }
  EXPECT_EQ(states(Migrator(pool, migrations).status()),
            (std::vector<std::string>{"alpha/1 pending"}));
}

// Two instances (two pools) start at once: every migration runs exactly once.
TEST_P(MigratorTest, RacingMigratorsApplyEachMigrationOnce) {
  fs::create_directories(dir_ / "sql" / "host");
  write("alpha/0001_create_runs.sql", "CREATE TABLE runs (version INTEGER NOT NULL);");
  const std::string slow = GetParam() == Backend::kPostgresql ? "SELECT pg_sleep(0.05);\n" : "";
  for (int v = 2; v <= 6; ++v) {
    write("alpha/000" + std::to_string(v) + "_run.sql",
          slow + "INSERT INTO runs (version) VALUES (" + std::to_string(v) + ");");
  }
  constexpr int kInstances = 3;
  std::vector<ConnectionPool*> pools;
  for (int i = 0; i < kInstances; ++i) pools.push_back(&makePool({.size = 1}));
  const MigrationCatalog migrations = catalog();
  std::atomic<int> ready{0};
  std::atomic<int> applied{0};
  std::vector<std::string> errors(kInstances);
  std::vector<std::thread> threads;
  for (int i = 0; i < kInstances; ++i) {
    threads.emplace_back([&, i] {
      ++ready;
      while (ready.load() < kInstances) std::this_thread::yield();
      try {
        applied += static_cast<int>(Migrator(*pools[i], migrations).apply().size());
      } catch (const std::exception& e) {
        errors[i] = e.what();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int i = 0; i < kInstances; ++i) EXPECT_EQ(errors[i], "") << "instance " << i;
  EXPECT_EQ(applied.load(), 6);
  EXPECT_EQ(count(*pools[0], "SELECT COUNT(*) FROM runs"), 5);
  EXPECT_EQ(count(*pools[0], "SELECT COUNT(DISTINCT version) FROM runs"), 5);
}

class MigratorPostgresqlTest : public testing::PostgresqlTest {};

// The run's advisory lock and its statement_timeout change do not outlive it.
TEST_F(MigratorPostgresqlTest, LockAndStatementTimeoutAreReleased) {
  fs::create_directories(dir_ / "sql" / "host");
  dir_.write("sql/alpha/0001_x.sql", "CREATE TABLE x (id INTEGER);");
  ConnectionPool& pool = makePool({.size = 1, .statement_timeout = std::chrono::seconds(7)});
  const MigrationCatalog migrations = MigrationCatalog::discover(
      {{"host", "the host"}, {"alpha", "test"}}, {dir_ / "sql"}, Backend::kPostgresql);
  Migrator(pool, migrations).apply();
  Lease lease = pool.acquire();
  std::string timeout;
  *lease << "SHOW statement_timeout", soci::into(timeout);
  EXPECT_EQ(timeout, "7s");
  ConnectionPool& other = makePool({.size = 1});
  Lease other_lease = other.acquire();
  int locked = 0;  // SOCI has no bool binding
  *other_lease << "SELECT CASE WHEN pg_try_advisory_lock(" +
                      std::to_string(MigrationLock::kMigrationLockKey) + ") THEN 1 ELSE 0 END",
      soci::into(locked);
  EXPECT_EQ(locked, 1);
}

// While one instance holds the migration lock, another waits instead of applying.
TEST_F(MigratorPostgresqlTest, SecondRunWaitsForTheLock) {
  fs::create_directories(dir_ / "sql" / "host");
  dir_.write("sql/alpha/0001_x.sql", "CREATE TABLE x (id INTEGER);");
  const MigrationCatalog migrations = MigrationCatalog::discover(
      {{"host", "the host"}, {"alpha", "test"}}, {dir_ / "sql"}, Backend::kPostgresql);
  ConnectionPool& holder_pool = makePool({.size = 1});
  ConnectionPool& runner_pool = makePool({.size = 1});
  std::atomic<bool> finished{false};
  std::thread runner;
  {
    Lease holder = holder_pool.acquire();
    MigrationLock lock(holder, std::chrono::seconds(30));
    runner = std::thread([&] {
      try {
        Migrator(runner_pool, migrations).apply();
        finished = true;
      } catch (const std::exception& e) {
        ADD_FAILURE() << e.what();
      }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_FALSE(finished.load());
  }
  runner.join();
  EXPECT_TRUE(finished.load());
}

}  // namespace
}  // namespace atrium::host::db

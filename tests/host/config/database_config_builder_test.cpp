// The `database:` block (host/config/database_config_builder.cpp) and ATRIUM_DATABASE_URL.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "host/config/config_error.hpp"
#include "host/config/config_loader.hpp"
#include "tests/host/config/temp_dir.hpp"

namespace atrium::host::config {
namespace {

using Errors = std::vector<std::string>;
using std::chrono::milliseconds;

class DatabaseConfigBuilderTest : public ::testing::Test {
 protected:
  HostConfig load(const std::string& text) {
    const std::string path = dir_.write("app.yaml", text);
    return loadHostConfig(path, env_, {}, {"/opt/atrium/sql"});
  }

  Errors errorsFor(const std::string& text) {
    try {
      load(text);
    } catch (const ConfigError& e) {
      Errors out = e.messages();
      for (std::string& message : out) {
        if (message.starts_with(dir_.path())) message.replace(0, dir_.path().size(), "DIR");
      }
      return out;
    }
    ADD_FAILURE() << "config accepted:\n" << text;
    return {};
  }

  testing::TempDir dir_;
  std::map<std::string, std::string> vars_;
  EnvLookup env_ = [this](const std::string& name) -> std::optional<std::string> {
    const auto it = vars_.find(name);
    if (it == vars_.end()) return std::nullopt;
    return it->second;
  };
};

TEST_F(DatabaseConfigBuilderTest, DefaultsWithoutADatabaseBlock) {
  const DatabaseConfig db = load("product: kaya\n").database;
  EXPECT_EQ(db.url, "sqlite://var/kaya.db");
  EXPECT_EQ(db.url_origin, dir_.path() + "/app.yaml: database.url (default)");
  EXPECT_EQ(db.pool_size, 4u);
  EXPECT_EQ(db.acquire_timeout, milliseconds(2000));
  EXPECT_EQ(db.statement_timeout, milliseconds(30000));
  EXPECT_EQ(db.busy_timeout, milliseconds(5000));
  EXPECT_EQ(db.slow_query_threshold, milliseconds(200));
  EXPECT_EQ(db.max_result_bytes, 16u * 1024 * 1024);
  EXPECT_FALSE(db.migrate.has_value());  // the backend decides: auto on SQLite, manual on PG
  EXPECT_EQ(db.migrations_dirs, std::vector<std::string>{"/opt/atrium/sql"});
}

TEST_F(DatabaseConfigBuilderTest, EveryKeyIsRead) {
  const DatabaseConfig db = load(R"(product: kaya
database:
  url: "postgresql://app:secret@db.internal:5432/kaya?sslmode=require"
  pool_size: 16
  acquire_timeout: 500ms
  statement_timeout: 0
  busy_timeout: 1s
  slow_query_threshold: 50ms
  max_result_size: 1MiB
  migrate: auto
  migrations_dirs: [sql, /srv/extra/sql]
)")
                                .database;
  EXPECT_EQ(db.url, "postgresql://app:secret@db.internal:5432/kaya?sslmode=require");
  EXPECT_EQ(db.url_origin, dir_.path() + "/app.yaml:3:8: database.url");
  EXPECT_EQ(db.pool_size, 16u);
  EXPECT_EQ(db.acquire_timeout, milliseconds(500));
  EXPECT_EQ(db.statement_timeout, milliseconds(0));
  EXPECT_EQ(db.busy_timeout, milliseconds(1000));
  EXPECT_EQ(db.slow_query_threshold, milliseconds(50));
  EXPECT_EQ(db.max_result_bytes, 1024u * 1024);
  EXPECT_EQ(db.migrate, MigrateMode::kAuto);
  // Relative to the config file's directory, like every other path.
  EXPECT_EQ(db.migrations_dirs, (std::vector<std::string>{dir_.path() + "/sql", "/srv/extra/sql"}));
  EXPECT_EQ(load("database:\n  migrate: manual\n").database.migrate, MigrateMode::kManual);
}

TEST_F(DatabaseConfigBuilderTest, UrlMayComeFromAnEnvironmentReference) {
  vars_["DB_PASSWORD"] = "s3cret";
  const DatabaseConfig db =
      load("database:\n  url: \"postgresql://app:${DB_PASSWORD}@localhost/kaya\"\n").database;
  EXPECT_EQ(db.url, "postgresql://app:s3cret@localhost/kaya");
  EXPECT_EQ(db.url_origin, dir_.path() + "/app.yaml:2:8: database.url");
}

TEST_F(DatabaseConfigBuilderTest, AtriumDatabaseUrlOverridesTheFile) {
  vars_["ATRIUM_DATABASE_URL"] = "postgresql://app:pw@db/kaya";
  const DatabaseConfig db = load("database:\n  url: sqlite://var/kaya.db\n").database;
  EXPECT_EQ(db.url, "postgresql://app:pw@db/kaya");
  EXPECT_EQ(db.url_origin, "ATRIUM_DATABASE_URL");
  vars_["ATRIUM_DATABASE_URL"] = "";  // empty: ignored
  EXPECT_EQ(load("database:\n  url: sqlite://var/kaya.db\n").database.url, "sqlite://var/kaya.db");
}

TEST_F(DatabaseConfigBuilderTest, SchemaErrorsAreLocated) {
  EXPECT_EQ(errorsFor("database:\n  pool_size: 0\n"),
            Errors{"DIR/app.yaml:2:14: database.pool_size: value 0 is below the minimum 1"});
  EXPECT_EQ(errorsFor("database:\n  migrate: sometimes\n"),
            Errors{"DIR/app.yaml:2:12: database.migrate: value 'sometimes' is not one of auto, "
                   "manual"});
  const Errors unknown = errorsFor("database:\n  uri: sqlite://x.db\n");
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_TRUE(unknown[0].starts_with("DIR/app.yaml:2:3: database.uri: unknown key 'uri'"))
      << unknown[0];
  EXPECT_EQ(errorsFor("database:\n  url: \"\"\n").size(), 1u);
}

}  // namespace
}  // namespace atrium::host::config

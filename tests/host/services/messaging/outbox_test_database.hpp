#pragma once

// A Database with the host's outbox migration applied, on SQLite and on PostgreSQL.

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "host/db/database.hpp"
#include "host/db/script_runner.hpp"
#include "tests/host/db/test_database.hpp"
#include "tests/support/captured_log.hpp"

namespace atrium::host::messaging::testing {

inline std::string outboxMigration(db::Backend backend) {
  const std::string file = std::string(ATRIUM_SOURCE_DIR) + "/sql/host/0001_create_outbox." +
                           (backend == db::Backend::kSqlite ? "sqlite" : "postgresql") + ".sql";
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class OutboxDatabaseTest : public db::testing::BothBackendsTest {
 protected:
  void SetUp() override {
    BothBackendsTest::SetUp();
    if (HasFatalFailure()) return;
    database_ = openDatabase();
    db::Lease lease = database_->pool().acquire();
    db::runScript(lease, outboxMigration(GetParam()));
  }
  void TearDown() override {
    extra_.clear();
    database_.reset();
    BothBackendsTest::TearDown();
  }
  // Another Database on the same data (a second instance).
  std::unique_ptr<db::Database> openDatabase() {
    return std::make_unique<db::Database>(
        std::make_unique<db::ConnectionPool>(url(), db::PoolOptions{.size = 4}),
        db::DatabaseOptions{.health_check_interval = std::chrono::milliseconds(0)}, log_.sink());
  }
  db::Database& secondDatabase() {
    extra_.push_back(openDatabase());
    return *extra_.back();
  }
  int64_t countRows(std::string_view where = "1 = 1") {
    const db::QueryResult r =
        database_->query({"test.count", "test", ""},
                         "SELECT count(*) FROM atrium_outbox WHERE " + std::string(where), {});
    return std::get<int64_t>(r.rows[0][0]);
  }

  atrium::testing::CapturedLog log_;
  std::unique_ptr<db::Database> database_;
  std::vector<std::unique_ptr<db::Database>> extra_;
};

}  // namespace atrium::host::messaging::testing

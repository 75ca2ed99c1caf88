#pragma once

// A fresh database per test on either backend: SQLite in a temp dir, or a new database on the
// PostgreSQL server named by ATRIUM_TEST_PG_URL (`make test` starts one and sets it). When that
// variable is unset the PostgreSQL tests FAIL: they are never skipped silently.

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "host/db/connection_pool.hpp"
#include "tests/support/temp_dir.hpp"

namespace atrium::host::db::testing {

inline std::string testBackendName(const ::testing::TestParamInfo<Backend>& info) {
  return std::string(backendName(info.param));
}

class DatabaseFixture : public ::testing::Test {
 protected:
  // Call from SetUp(); a fatal failure there skips the test body.
  void start(Backend backend) {
    backend_ = backend;
    if (backend == Backend::kSqlite) {
      url_text_ =
          "sqlite://nested/dir/app.db";  // relative to the temp dir; folders made by the pool
      return;
    }
    const char* server = std::getenv("ATRIUM_TEST_PG_URL");
    if (server == nullptr || *server == '\0') {
      FAIL() << "ATRIUM_TEST_PG_URL is not set. The PostgreSQL tests need a server: run "
                "`make test`, or `eval $(tools/pg_test_cluster.sh start | sed 's/^/export /')` "
                "and run the tests again (stop it with tools/pg_test_cluster.sh stop).";
    }
    server_url_ = server;
    static std::atomic<int> counter{0};
    database_ = "atrium_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    admin_ = std::make_unique<ConnectionPool>(parseDatabaseUrl(server_url_, dir_.path()),
                                              PoolOptions{.size = 1});
    Lease lease = admin_->acquire();
    *lease << "DROP DATABASE IF EXISTS " + database_;
    *lease << "CREATE DATABASE " + database_;
    url_text_ = withDatabase(server_url_, database_);
  }

  void TearDown() override {
    if (admin_ == nullptr) return;
    pools_.clear();
    Lease lease = admin_->acquire();
    *lease << "DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)";
  }

  // The PostgreSQL server URL with another database name.
  static std::string withDatabase(const std::string& url, const std::string& database) {
    const size_t query = url.find('?');
    const size_t slash = url.rfind('/', query);
    return url.substr(0, slash + 1) + database +
           (query == std::string::npos ? "" : url.substr(query));
  }

  DatabaseUrl url() const { return parseDatabaseUrl(url_text_, dir_.path()); }

  // A pool on this test's database, closed before the database is dropped.
  ConnectionPool& makePool(PoolOptions options = {}) {
    pools_.push_back(std::make_unique<ConnectionPool>(url(), options));
    return *pools_.back();
  }

  // The admin pool on the server's own database (PostgreSQL only).
  ConnectionPool& admin() { return *admin_; }

  Backend backend_ = Backend::kSqlite;
  atrium::testing::TempDir dir_{"atrium-db-test"};
  std::string url_text_;
  std::string server_url_;
  std::string database_;
  std::unique_ptr<ConnectionPool> admin_;
  std::vector<std::unique_ptr<ConnectionPool>> pools_;
};

// Runs on both backends: INSTANTIATE_TEST_SUITE_P(Backends, X, kBothBackends, testBackendName).
class BothBackendsTest : public DatabaseFixture, public ::testing::WithParamInterface<Backend> {
 protected:
  void SetUp() override { start(GetParam()); }
};

inline const auto kBothBackends = ::testing::Values(Backend::kSqlite, Backend::kPostgresql);

class SqliteTest : public DatabaseFixture {
 protected:
  void SetUp() override { start(Backend::kSqlite); }
};

class PostgresqlTest : public DatabaseFixture {
 protected:
  void SetUp() override { start(Backend::kPostgresql); }
};

}  // namespace atrium::host::db::testing

#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "host/common/logger.hpp"
#include "host/db/connection_pool.hpp"
#include "host/db/health_checker.hpp"
#include "host/db/query_metrics.hpp"
#include "host/db/query_result.hpp"
#include "host/db/query_runner.hpp"
#include "host/db/transaction_stack.hpp"
#include "host/db/value.hpp"

namespace atrium::host::db {

struct DatabaseOptions {
  // Statements at least this slow get one warn line in the log (0 disables the log).
  std::chrono::milliseconds slow_query_threshold{200};
  size_t max_result_bytes = 16 * 1024 * 1024;
  // How often an idle pool is checked (SELECT 1), so that a lost database is noticed, and its
  // return too, without traffic; 0 disables the background check.
  std::chrono::milliseconds health_check_interval{1000};
};

// Who runs a statement, for the metrics and the slow-query log. `name` must satisfy
// isValidStatementName ("items.get"); `component` is the logger name of the caller
// ("plugin.items"); `request_id` may be empty.
struct QueryTag {
  std::string_view name;
  std::string_view component;
  std::string_view request_id;
};

// The database service the host hands to plugins and scripts: the connection pool plus
// per-statement metrics and the slow-query log. Thread-safe.
class Database {
 public:
  // Takes the pool's health listener (transitions are logged) and starts the health check.
  Database(std::unique_ptr<ConnectionPool> pool, DatabaseOptions options,
           const common::LogSink& sink);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  ConnectionPool& pool() { return *pool_; }
  Backend backend() const { return pool_->url().backend; }
  // False while the database is unreachable (/ready answers 503).
  bool healthy() const { return pool_->healthy(); }
  const DatabaseOptions& options() const { return options_; }

  // One statement on a pooled connection, in its own implicit transaction.
  // Throws std::invalid_argument for a bad tag name, QueryError, DatabaseUnavailable.
  QueryResult query(const QueryTag& tag, std::string_view sql, const Params& params);
  // One statement inside `tx` (its innermost open level). A failing statement marks the
  // transaction (TransactionStack::markStatementFailed).
  QueryResult query(TransactionStack& tx, const QueryTag& tag, std::string_view sql,
                    const Params& params);

  // Begins a transaction on a pooled connection (held until it ends).
  // Throws DatabaseUnavailable (no connection) or QueryError (the BEGIN failed).
  std::unique_ptr<TransactionStack> begin();
  void recordTransaction(std::string_view outcome) { metrics_.recordTransaction(outcome); }

  QueryMetrics& metrics() { return metrics_; }
  // The query metrics and the pool gauges, Prometheus text format.
  void renderPrometheus(std::string& out) const;

 private:
  QueryResult run(Lease& lease, const QueryTag& tag, std::string_view sql, const Params& params,
                  std::chrono::steady_clock::time_point started);
  void finished(const QueryTag& tag, std::string_view outcome,
                std::chrono::steady_clock::time_point started, size_t rows);

  std::unique_ptr<ConnectionPool> pool_;
  DatabaseOptions options_;
  QueryOptions query_options_;
  common::Logger logger_;
  QueryMetrics metrics_;
  std::unique_ptr<HealthChecker> health_checker_;  // last: stopped first
};

}  // namespace atrium::host::db

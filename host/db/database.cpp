#include "host/db/database.hpp"

#include <stdexcept>
#include <utility>

#include "host/db/database_error.hpp"
#include "host/db/query_error.hpp"

namespace atrium::host::db {
namespace {

void checkName(std::string_view name) {
  if (!isValidStatementName(name)) {
    throw std::invalid_argument("statement name '" + std::string(name.substr(0, 80)) +
                                "' is invalid: use [a-z0-9_.], 1..64 characters (e.g. "
                                "\"items.get\")");
  }
}

}  // namespace

Database::Database(std::unique_ptr<ConnectionPool> pool, DatabaseOptions options,
                   const common::LogSink& sink)
    : pool_(std::move(pool)), options_(options), logger_(sink, "host.db") {
  query_options_.max_result_bytes = options_.max_result_bytes;
  pool_->setHealthListener([this](bool healthy, std::string_view reason) {
    if (healthy) {
      logger_.info("database reachable again", {{"database", pool_->url().display}});
    } else {
      logger_.error("database unreachable: requests that need it get 503 until it is back",
                    {{"database", pool_->url().display}, {"reason", reason}});
    }
  });
  if (options_.health_check_interval.count() > 0) {
    health_checker_ =
        std::make_unique<HealthChecker>(options_.health_check_interval, [this] { pool_->check(); });
  }
}

Database::~Database() {
  health_checker_.reset();  // no check may run while the pool goes away
  pool_->setHealthListener(nullptr);
}

QueryResult Database::query(const QueryTag& tag, std::string_view sql, const Params& params) {
  checkName(tag.name);
  const auto started = std::chrono::steady_clock::now();
  std::optional<Lease> lease;
  try {
    lease.emplace(pool_->acquire());
  } catch (const DatabaseUnavailable&) {
    finished(tag, "unavailable", started, 0);
    throw;
  }
  return run(*lease, tag, sql, params, started);
}

QueryResult Database::query(TransactionStack& tx, const QueryTag& tag, std::string_view sql,
                            const Params& params) {
  checkName(tag.name);
  if (tx.depth() == 0) throw std::logic_error("the transaction has ended");
  const auto started = std::chrono::steady_clock::now();
  try {
    return run(tx.lease(), tag, sql, params, started);
  } catch (...) {
    tx.markStatementFailed();
    throw;
  }
}

QueryResult Database::run(Lease& lease, const QueryTag& tag, std::string_view sql,
                          const Params& params, std::chrono::steady_clock::time_point started) {
  try {
    QueryResult result = runQuery(lease, sql, params, query_options_);
    finished(tag, "ok", started, result.rows.size());
    return result;
  } catch (const QueryError& e) {
    finished(tag, queryErrorKindName(e.kind()), started, 0);
    throw;
  } catch (const DatabaseUnavailable&) {
    finished(tag, "unavailable", started, 0);
    throw;
  } catch (...) {
    finished(tag, "other", started, 0);
    throw;
  }
}

std::unique_ptr<TransactionStack> Database::begin() {
  Lease lease = pool_->acquire();
  try {
    return std::make_unique<TransactionStack>(std::move(lease));
  } catch (const DatabaseUnavailable&) {
    throw;
  } catch (const std::exception& e) {
    // BEGIN itself failed: SQLite busy beyond busy_timeout, or a dead PostgreSQL connection
    // (the moved-from lease was marked failed by the stack's unwinding).
    throw DatabaseUnavailable(std::string("cannot begin a transaction: ") + e.what());
  }
}

void Database::finished(const QueryTag& tag, std::string_view outcome,
                        std::chrono::steady_clock::time_point started, size_t rows) {
  const auto elapsed = std::chrono::steady_clock::now() - started;
  metrics_.record(tag.name, outcome, elapsed);
  if (options_.slow_query_threshold.count() <= 0 || elapsed < options_.slow_query_threshold) {
    return;
  }
  if (!logger_.enabled(common::LogLevel::kWarn)) return;
  const double ms = std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count() / 1000.0;
  logger_.log(common::LogLevel::kWarn, "slow query", tag.request_id,
              {{"statement", tag.name},
               {"component", tag.component},
               {"duration_ms", ms},
               {"threshold_ms", options_.slow_query_threshold.count()},
               {"outcome", outcome},
               {"rows", rows}});
}

void Database::renderPrometheus(std::string& out) const {
  metrics_.renderPrometheus(out);
  out += "# HELP atrium_db_up 1 while the database is reachable, 0 while it is down.\n";
  out += "# TYPE atrium_db_up gauge\n";
  out += std::string("atrium_db_up ") + (pool_->healthy() ? "1" : "0") + "\n";
  out += "# HELP atrium_db_pool_connections Pooled database connections by state.\n";
  out += "# TYPE atrium_db_pool_connections gauge\n";
  const size_t idle = pool_->idle();
  out += "atrium_db_pool_connections{state=\"idle\"} " + std::to_string(idle) + "\n";
  out +=
      "atrium_db_pool_connections{state=\"in_use\"} " + std::to_string(pool_->size() - idle) + "\n";
}

}  // namespace atrium::host::db

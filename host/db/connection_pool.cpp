#include "host/db/connection_pool.hpp"

#include <exception>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include "host/db/error_text.hpp"
#include "host/db/native_handles.hpp"
#include "host/db/native_session.hpp"

namespace atrium::host::db {
namespace {

// libpq prints NOTICEs (e.g. "there is no transaction in progress") to stderr by default.
void discardNotice(void* /*arg*/, const char* /*message*/) {}

// The backend's own error text on one line. SOCI's messages do not repeat the connection string,
// but a PostgreSQL error could quote it; strip everything after a "password=" just in case.
std::string describe(const std::exception& e) {
  std::string text = oneLine(e.what());
  const size_t password = text.find("password=");
  if (password != std::string::npos) text = text.substr(0, password) + "password=***";
  return text;
}

}  // namespace

// ---- Lease -----------------------------------------------------------------------------------

Lease::Lease(ConnectionPool* pool, size_t slot, soci::session* session, NativeSession* native)
    : pool_(pool),
      slot_(slot),
      session_(session),
      native_(native),
      uncaught_at_start_(std::uncaught_exceptions()) {}

Lease::Lease(Lease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)),
      slot_(other.slot_),
      session_(std::exchange(other.session_, nullptr)),
      native_(std::exchange(other.native_, nullptr)),
      uncaught_at_start_(other.uncaught_at_start_),
      failed_(other.failed_) {}

Lease::~Lease() {
  if (pool_ == nullptr) return;
  pool_->release(slot_, failed_ || std::uncaught_exceptions() > uncaught_at_start_);
}

Backend Lease::backend() const { return pool_->url().backend; }

// ---- ConnectionPool --------------------------------------------------------------------------

ConnectionPool::ConnectionPool(DatabaseUrl url, PoolOptions options)
    : url_(std::move(url)), options_(options) {
  if (options_.size == 0) throw std::invalid_argument("database pool size must be at least 1");
  // Every :memory: connection would be a database of its own.
  if (url_.sqlite_memory) options_.size = 1;
  if (url_.backend == Backend::kSqlite && !url_.sqlite_memory) {
    std::error_code ec;
    std::filesystem::create_directories(url_.sqlite_file.parent_path(), ec);
    if (ec) {
      throw DatabaseUnavailable("cannot open database " + url_.display +
                                ": cannot create directory " +
                                url_.sqlite_file.parent_path().string() + ": " + ec.message());
    }
  }
  slots_.resize(options_.size);
  for (size_t i = 0; i < slots_.size(); ++i) {
    open(slots_[i]);
    free_.push_back(i);
  }
}

ConnectionPool::~ConnectionPool() {
  for (Slot& slot : slots_) slot.native.reset();  // finalize statements before SOCI closes
}

void ConnectionPool::open(Slot& slot) {
  try {
    if (url_.backend == Backend::kSqlite) {
      slot.session = std::make_unique<soci::session>(soci::sqlite3, url_.connection_string);
    } else {
      slot.session = std::make_unique<soci::session>(soci::postgresql, url_.connection_string);
    }
    setUp(*slot.session);
    slot.native = makeNativeSession(url_.backend, *slot.session, options_.statement_cache_size);
    slot.suspect = false;
  } catch (const DatabaseUnavailable&) {
    throw;
  } catch (const std::exception& e) {
    throw DatabaseUnavailable("cannot open database " + url_.display + ": " + describe(e));
  }
}

void ConnectionPool::setUp(soci::session& session) {
  if (url_.backend == Backend::kPostgresql) {
    PQsetNoticeProcessor(pgConnection(session), discardNotice, nullptr);
    session << "SET statement_timeout = " + std::to_string(options_.statement_timeout.count());
    // Timestamps come back as "2024-05-06 07:08:09.5+00" whatever the server's defaults, and
    // float8 as the shortest text that reads back exactly (runQuery decodes both).
    session << "SET TimeZone = 'UTC'";
    session << "SET DateStyle = 'ISO'";
    session << "SET extra_float_digits = 1";
    return;
  }
  std::string mode;
  session << "PRAGMA journal_mode=WAL", soci::into(mode);
  if (!url_.sqlite_memory && mode != "wal") {
    throw DatabaseUnavailable("cannot open database " + url_.display +
                              ": journal_mode=WAL refused (journal mode is '" + mode + "')");
  }
  int busy_timeout = 0;
  session << "PRAGMA busy_timeout=" + std::to_string(options_.sqlite_busy_timeout.count()),
      soci::into(busy_timeout);
  session << "PRAGMA foreign_keys=ON";
}

// A session whose last use failed: roll back what it left open, then SELECT 1; when that fails
// the connection is gone and is opened again (its native session, with the statement cache,
// is dropped first and made anew after the set-up).
void ConnectionPool::recover(Slot& slot) {
  soci::session& session = *slot.session;
  try {
    // No native session: the last reconnect did not finish its set-up; do it again.
    if (slot.native == nullptr) throw std::runtime_error("not set up");
    if (inTransaction(session, url_.backend)) session.rollback();
    int one = 0;
    session << "SELECT 1", soci::into(one);
    slot.suspect = false;
    return;
  } catch (const std::exception&) {
    // fall through: reconnect
  }
  try {
    slot.native.reset();  // its statements belong to the connection being replaced
    session.reconnect();
    setUp(session);
    slot.native = makeNativeSession(url_.backend, session, options_.statement_cache_size);
    slot.suspect = false;
  } catch (const DatabaseUnavailable&) {
    throw;
  } catch (const std::exception& e) {
    throw DatabaseUnavailable("cannot reconnect to database " + url_.display + ": " + describe(e));
  }
}

Lease ConnectionPool::acquire() { return acquire(options_.acquire_timeout); }

Lease ConnectionPool::acquire(std::chrono::milliseconds timeout) {
  size_t index = 0;
  {
    std::unique_lock lock(mutex_);
    if (!available_.wait_for(lock, timeout, [this] { return !free_.empty(); })) {
      throw DatabaseUnavailable("no database connection free within " +
                                std::to_string(timeout.count()) + " ms (pool of " +
                                std::to_string(slots_.size()) + ", " + url_.display + ")");
    }
    index = free_.back();
    free_.pop_back();
  }
  Slot& slot = slots_[index];
  if (slot.suspect) {
    try {
      recoverChecked(slot);
    } catch (...) {
      release(index, true);
      throw;
    }
  }
  return Lease(this, index, slot.session.get(), slot.native.get());
}

void ConnectionPool::recoverChecked(Slot& slot) {
  {
    std::lock_guard lock(mutex_);
    if (down_) {
      const auto now = std::chrono::steady_clock::now();
      if (now < next_reconnect_) {
        throw DatabaseUnavailable("database unreachable (" + down_reason_ + "); retrying every " +
                                  std::to_string(options_.reconnect_interval.count()) + " ms");
      }
      next_reconnect_ = now + options_.reconnect_interval;  // this caller makes the attempt
    }
  }
  try {
    recover(slot);
  } catch (const DatabaseUnavailable& e) {
    markDown(e.what());
    throw;
  }
  markUp();
}

bool ConnectionPool::check() {
  std::optional<Lease> lease;
  try {
    lease.emplace(acquire(std::chrono::milliseconds(0)));
  } catch (const DatabaseUnavailable&) {
    return healthy();  // all busy (nothing learnt), or a failed reconnect (already down)
  }
  try {
    int one = 0;
    lease->session() << "SELECT 1", soci::into(one);
    markUp();
  } catch (const std::exception& e) {
    lease->markFailed();
    markDown("cannot reach " + url_.display + ": " + describe(e));
  }
  return healthy();
}

bool ConnectionPool::healthy() const {
  std::lock_guard lock(mutex_);
  return !down_;
}

void ConnectionPool::markDown(const std::string& reason) {
  HealthListener listener;
  {
    std::lock_guard lock(mutex_);
    down_reason_ = reason;
    if (down_) return;
    down_ = true;
    next_reconnect_ = std::chrono::steady_clock::now() + options_.reconnect_interval;
    // The other idle sessions are most likely dead too: check them before their next use.
    for (const size_t index : free_) slots_[index].suspect = true;
    listener = listener_;
  }
  if (listener) listener(false, reason);
}

void ConnectionPool::markUp() {
  HealthListener listener;
  {
    std::lock_guard lock(mutex_);
    if (!down_) return;
    down_ = false;
    down_reason_.clear();
    listener = listener_;
  }
  if (listener) listener(true, {});
}

void ConnectionPool::release(size_t slot, bool failed) {
  {
    std::lock_guard lock(mutex_);
    if (failed) slots_[slot].suspect = true;
    free_.push_back(slot);
  }
  available_.notify_one();
}

size_t ConnectionPool::idle() const {
  std::lock_guard lock(mutex_);
  return free_.size();
}

}  // namespace atrium::host::db

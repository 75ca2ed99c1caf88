#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "host/db/database_error.hpp"
#include "host/db/database_url.hpp"
#include "host/db/soci.hpp"

namespace atrium::host::db {

struct PoolOptions {
  size_t size = 4;                                      // sessions (1 for sqlite::memory:)
  std::chrono::milliseconds acquire_timeout{5000};      // wait for a free session, then 503
  std::chrono::milliseconds sqlite_busy_timeout{5000};  // PRAGMA busy_timeout
  std::chrono::milliseconds statement_timeout{30000};   // PostgreSQL statement_timeout; 0 = none
  size_t statement_cache_size = 256;                    // prepared statements kept per session
  // While the database is down, at most one reconnect attempt per interval (across the pool);
  // every other caller fails at once instead of waiting for a connect timeout.
  std::chrono::milliseconds reconnect_interval{500};
};

class ConnectionPool;
class NativeSession;

// A session borrowed from the pool; goes back when the lease is destroyed. A lease destroyed
// while an exception unwinds the stack (or after markFailed()) marks its session suspect: the
// next acquire checks it with SELECT 1 and reconnects it when that fails.
class Lease {
 public:
  Lease(Lease&& other) noexcept;
  Lease& operator=(Lease&&) = delete;
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  ~Lease();

  soci::session& session() { return *session_; }
  soci::session& operator*() { return *session_; }
  soci::session* operator->() { return session_; }
  Backend backend() const;
  // The session's native handle with its prepared-statement cache (runQuery() uses it).
  NativeSession& native() { return *native_; }
  // Marks the session suspect even though no exception is propagating (an error was caught).
  void markFailed() { failed_ = true; }

 private:
  friend class ConnectionPool;
  Lease(ConnectionPool* pool, size_t slot, soci::session* session, NativeSession* native);

  ConnectionPool* pool_;
  size_t slot_;
  soci::session* session_;
  NativeSession* native_;
  int uncaught_at_start_;
  bool failed_ = false;
};

// Health: the pool is "down" from the moment a session cannot be reconnected (or check() finds
// the database unreachable) until a reconnect succeeds. While down, acquiring a suspect session
// fails fast with DatabaseUnavailable except for one caller per reconnect_interval, which tries
// to reconnect; going down also marks every idle session suspect, so that no request runs on a
// dead connection after the database is back. A listener hears every transition.
//
// A fixed set of SOCI sessions opened at construction. Each session is set up once per
// connect: SQLite journal_mode=WAL, busy_timeout, foreign_keys=ON (the file's directory is
// created); PostgreSQL statement_timeout and a silent notice processor.
// Thread-safe; sessions themselves are used by one lease holder at a time. The pool must
// outlive every lease taken from it.
class ConnectionPool {
 public:
  // Opens every session; throws DatabaseUnavailable naming url.display when one cannot be opened.
  ConnectionPool(DatabaseUrl url, PoolOptions options);
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // Waits up to options().acquire_timeout for a free session; throws DatabaseUnavailable after
  // it, or when a suspect session cannot be reconnected.
  Lease acquire();
  Lease acquire(std::chrono::milliseconds timeout);

  const DatabaseUrl& url() const { return url_; }
  const PoolOptions& options() const { return options_; }
  size_t size() const { return slots_.size(); }
  size_t idle() const;

  // False while the database is down (see above).
  bool healthy() const;
  // Checks one idle session with SELECT 1 (reconnecting it when due, as acquire does); a
  // failure takes the pool down, a success brings it up. Returns healthy(). When every session
  // is in use it checks nothing (the traffic itself reveals the state). For a background thread.
  bool check();
  // Called on every transition: (false, reason) when the pool goes down, (true, "") when it is
  // back. Set it before sharing the pool; it runs on the thread that saw the transition.
  using HealthListener = std::function<void(bool healthy, std::string_view reason)>;
  void setHealthListener(HealthListener listener) { listener_ = std::move(listener); }

 private:
  friend class Lease;
  struct Slot {
    std::unique_ptr<soci::session> session;
    // Created after the session is set up, destroyed before it is reconnected or closed (its
    // cached statements belong to the connection); declared after `session`, so destroyed first.
    std::unique_ptr<NativeSession> native;
    bool suspect = false;
  };

  void release(size_t slot, bool failed);
  // Recovers a suspect slot, honouring the down state; throws DatabaseUnavailable.
  void recoverChecked(Slot& slot);
  void markDown(const std::string& reason);
  void markUp();
  void open(Slot& slot);
  void setUp(soci::session& session);
  void recover(Slot& slot);

  DatabaseUrl url_;
  PoolOptions options_;
  std::vector<Slot> slots_;
  mutable std::mutex mutex_;
  std::condition_variable available_;
  std::vector<size_t> free_;  // indexes into slots_

  // Health, guarded by mutex_.
  bool down_ = false;
  std::string down_reason_;
  std::chrono::steady_clock::time_point next_reconnect_{};
  HealthListener listener_;
};

}  // namespace atrium::host::db

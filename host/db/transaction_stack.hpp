#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

#include "host/db/connection_pool.hpp"

namespace atrium::host::db {

// One connection's transaction and the savepoints nested in it, for scopes that callers open
// and close through handles (the plugin ABI, Lua). Level 1 is the transaction itself
// (BEGIN IMMEDIATE on SQLite, BEGIN on PostgreSQL), level n > 1 the savepoint atrium_sp_<n>.
// Only the innermost level may be committed; rolling back level n also ends every deeper one.
// When level 1 ends the connection goes back to the pool at once (handles to dead levels may
// live on; isOpen() tells them apart). Not thread-safe: one caller at a time, like a Lease.
class TransactionStack {
 public:
  // Begins level 1 on `lease`; throws what the backend throws (the lease then fails).
  explicit TransactionStack(Lease lease);
  // Rolls back whatever is still open.
  ~TransactionStack();
  TransactionStack(const TransactionStack&) = delete;
  TransactionStack& operator=(const TransactionStack&) = delete;

  // Open levels: 1 after construction, 0 once level 1 ended.
  size_t depth() const { return depth_; }
  bool isOpen(size_t level) const { return level >= 1 && level <= depth_; }
  // The connection; only while depth() > 0.
  Lease& lease() { return *lease_; }

  // Opens a savepoint one level deeper and returns its level.
  size_t push();
  // Commits `level`, which must be the innermost (std::logic_error otherwise). On failure the
  // level is rolled back before the exception propagates (a failed COMMIT ends level 1).
  void commit(size_t level);
  // A statement failed inside the current level. As on PostgreSQL (where the server insists),
  // on both backends the transaction then accepts no commit until the failed level is rolled
  // back: commit() throws std::logic_error naming the earlier failure.
  void markStatementFailed() noexcept;
  bool statementFailed() const { return failed_level_ != 0; }
  // Rolls back `level` and every deeper one. Never throws: a rollback that fails marks the
  // connection failed (the pool checks it) and ends the whole stack.
  void rollback(size_t level) noexcept;

  // Runs `hook` once level 1 has committed (on the committing thread, after the connection went
  // back to the pool); a rollback drops it. For work that must only follow a durable commit,
  // such as waking the mail sender for a message enqueued in this transaction. Hooks must not
  // throw (an exception from one is swallowed).
  void afterCommit(std::function<void()> hook);

 private:
  void finish() noexcept;

  std::optional<Lease> lease_;
  size_t depth_ = 0;
  size_t failed_level_ = 0;  // 0: no failed statement in an open level
  std::vector<std::function<void()>> after_commit_;
};

}  // namespace atrium::host::db

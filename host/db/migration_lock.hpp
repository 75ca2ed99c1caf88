#pragma once

#include <chrono>
#include <cstdint>

#include "host/db/connection_pool.hpp"

namespace atrium::host::db {

// Serialises migration runs across processes sharing one database. On PostgreSQL it holds the
// session-level advisory lock kMigrationLockKey on the leased session for its lifetime, waiting
// for it without a statement timeout (a long migration of another instance is waited for) and
// with statement_timeout off while held (a long migration is not cancelled); both are undone at
// destruction (the pool's statement_timeout is restored). On SQLite it does nothing: each
// migration's BEGIN IMMEDIATE transaction already serialises writers.
class MigrationLock {
 public:
  // pg_advisory_lock key: "ATRMIGRA" in ASCII.
  static constexpr int64_t kMigrationLockKey = 0x4154524D49475241;

  MigrationLock(Lease& lease, std::chrono::milliseconds statement_timeout_to_restore);
  ~MigrationLock();
  MigrationLock(const MigrationLock&) = delete;
  MigrationLock& operator=(const MigrationLock&) = delete;

 private:
  void release() noexcept;

  Lease& lease_;
  std::chrono::milliseconds restore_;
  bool held_ = false;
};

}  // namespace atrium::host::db

#include "host/db/migration_lock.hpp"

#include <string>

namespace atrium::host::db {

MigrationLock::MigrationLock(Lease& lease, std::chrono::milliseconds statement_timeout_to_restore)
    : lease_(lease), restore_(statement_timeout_to_restore) {
  if (lease_.backend() != Backend::kPostgresql) return;
  held_ = true;  // from here on, release() undoes whatever part ran
  try {
    lease_.session() << "SET statement_timeout = 0";
    lease_.session() << "SELECT pg_advisory_lock(" + std::to_string(kMigrationLockKey) + ")";
  } catch (...) {
    release();
    throw;
  }
}

MigrationLock::~MigrationLock() { release(); }

void MigrationLock::release() noexcept {
  if (!held_) return;
  held_ = false;
  try {
    // Unlocking a lock that is not held only returns false (and a WARNING, discarded).
    lease_.session() << "SELECT pg_advisory_unlock(" + std::to_string(kMigrationLockKey) + ")";
    lease_.session() << "SET statement_timeout = " + std::to_string(restore_.count());
  } catch (...) {
    lease_.markFailed();  // the pool checks (and if need be reconnects) the session
  }
}

}  // namespace atrium::host::db

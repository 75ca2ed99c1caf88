#pragma once

#include "host/db/connection_pool.hpp"

namespace atrium::host::db {

// A write transaction on a leased session; rolled back unless commit() is called.
// SQLite starts it with BEGIN IMMEDIATE so that the write lock is taken at the start (a
// read-then-write in a deferred transaction fails with "database is locked" instead of waiting
// for busy_timeout); PostgreSQL uses a plain BEGIN (READ COMMITTED: lock rows read for a later
// update with SELECT ... FOR UPDATE).
class Transaction {
 public:
  explicit Transaction(Lease& lease);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  void commit();
  void rollback();

 private:
  Lease& lease_;
  bool open_ = true;
};

}  // namespace atrium::host::db

#include "host/db/transaction.hpp"

namespace atrium::host::db {

Transaction::Transaction(Lease& lease) : lease_(lease) {
  if (lease_.backend() == Backend::kSqlite) {
    lease_.session() << "BEGIN IMMEDIATE";
  } else {
    lease_.session().begin();
  }
}

Transaction::~Transaction() {
  if (!open_) return;
  try {
    lease_.session().rollback();
  } catch (...) {
    lease_.markFailed();  // the pool checks the session before it is used again
  }
}

void Transaction::commit() {
  open_ = false;
  lease_.session().commit();
}

void Transaction::rollback() {
  open_ = false;
  lease_.session().rollback();
}

}  // namespace atrium::host::db

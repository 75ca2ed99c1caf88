#include "host/db/transaction_stack.hpp"

#include <stdexcept>
#include <string>

namespace atrium::host::db {
namespace {

std::string savepointName(size_t level) { return "atrium_sp_" + std::to_string(level); }

}  // namespace

TransactionStack::TransactionStack(Lease lease) : lease_(std::move(lease)) {
  if (lease_->backend() == Backend::kSqlite) {
    lease_->session() << "BEGIN IMMEDIATE";
  } else {
    lease_->session() << "BEGIN";
  }
  depth_ = 1;
}

TransactionStack::~TransactionStack() {
  if (depth_ > 0) rollback(1);
}

size_t TransactionStack::push() {
  if (depth_ == 0) throw std::logic_error("the transaction has ended");
  if (failed_level_ != 0) {
    throw std::logic_error("cannot open a savepoint: a statement failed in this transaction");
  }
  lease_->session() << "SAVEPOINT " + savepointName(depth_ + 1);
  return ++depth_;
}

void TransactionStack::commit(size_t level) {
  if (level == 0 || level != depth_) {
    throw std::logic_error(level > depth_ ? "the transaction scope has already ended"
                                          : "a nested transaction scope is still open");
  }
  if (failed_level_ != 0) {
    throw std::logic_error(
        "cannot commit: a statement failed in this transaction; roll back the failed scope "
        "(or the whole transaction) instead");
  }
  try {
    if (level == 1) {
      lease_->session() << "COMMIT";
      depth_ = 0;
      std::vector<std::function<void()>> hooks = std::move(after_commit_);
      finish();
      for (auto& hook : hooks) {
        try {
          hook();
        } catch (...) {}
      }
    } else {
      lease_->session() << "RELEASE SAVEPOINT " + savepointName(level);
      --depth_;
    }
  } catch (...) {
    rollback(level);
    throw;
  }
}

void TransactionStack::rollback(size_t level) noexcept {
  if (level == 0 || level > depth_) return;
  try {
    if (level == 1) {
      lease_->session() << "ROLLBACK";
    } else {
      lease_->session() << "ROLLBACK TO SAVEPOINT " + savepointName(level);
      lease_->session() << "RELEASE SAVEPOINT " + savepointName(level);
    }
    depth_ = level - 1;
    if (failed_level_ >= level) failed_level_ = 0;
  } catch (...) {
    lease_->markFailed();  // the pool rolls back or reconnects before reuse
    depth_ = 0;
  }
  if (depth_ == 0) finish();
}

void TransactionStack::markStatementFailed() noexcept {
  if (failed_level_ == 0) failed_level_ = depth_;
}

void TransactionStack::afterCommit(std::function<void()> hook) {
  if (depth_ == 0) throw std::logic_error("the transaction has ended");
  after_commit_.push_back(std::move(hook));
}

void TransactionStack::finish() noexcept {
  failed_level_ = 0;
  after_commit_.clear();
  lease_.reset();
}

}  // namespace atrium::host::db

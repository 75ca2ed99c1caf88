// Database access for plugins: statements with named parameters, typed results and RAII
// transactions, over the host's pooled connections (SQLite or PostgreSQL). Compiles as C++17.
//
//   atrium::sdk::Db db = ctx.db(request);
//   auto rows = db.query("items.get", "SELECT id, name FROM items WHERE id = :id", {{"id", id}});
//   if (rows.empty()) throw atrium::sdk::notFound("No such item");
//   return atrium::sdk::Response::json(rows[0].json());
//
//   atrium::sdk::Transaction tx = db.begin();
//   tx.query("orders.insert", "INSERT INTO orders (item_id) VALUES (:item)", {{"item", id}});
//   tx.query("items.reserve", "UPDATE items SET stock = stock - 1 WHERE id = :id", {{"id", id}});
//   tx.commit();  // leaving the scope without commit() (return, throw) rolls back
//
// Errors are thrown as DbError (db_error.hpp), an HttpError mapped to 409/400/503/500.
#pragma once

#include <new>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "atrium/abi.h"
#include "atrium/db_error.hpp"
#include "atrium/db_result.hpp"
#include "atrium/db_value.hpp"
#include "atrium/detail/str.hpp"

namespace atrium::sdk {

namespace detail {

// Frees a failed result and throws its error; returns successful ones.
inline Result checked(const atrium_host_api* host, atrium_db_result* raw) {
  if (raw == nullptr) throw std::bad_alloc();
  Result result(host, raw);
  atrium_str message{};
  atrium_str constraint{};
  const atrium_db_error_kind kind = host->db_result_error(raw, &message, &constraint);
  if (kind == ATRIUM_DB_OK) return result;
  throw DbError(static_cast<DbErrorKind>(kind), std::string(view(message)),
                std::string(view(constraint)));
}

inline std::vector<atrium_db_param> rawParams(const DbParams& params) {
  std::vector<atrium_db_param> raw;
  raw.reserve(params.size());
  for (const DbParam& p : params) raw.push_back(atrium_db_param{str(p.name), p.value.raw()});
  return raw;
}

inline void requireDatabaseApi(const atrium_host_api* host) {
  if (!ATRIUM_ABI_HAS_FIELD(host, atrium_host_api, db_rollback)) {
    throw std::runtime_error(
        "this host does not provide the database API (it needs ABI 1.1, "
        "the host speaks " +
        std::to_string(host->header.abi_major) + "." + std::to_string(host->header.abi_minor) +
        ")");
  }
}

}  // namespace detail

// A transaction (or, from savepoint(), a savepoint inside one). Rolled back by the destructor
// unless commit() succeeded. Use it from one thread at a time. Move-only.
class Transaction {
 public:
  Transaction(Transaction&& other) noexcept
      : host_(other.host_),
        ctx_(other.ctx_),
        req_(other.req_),
        tx_(std::exchange(other.tx_, nullptr)) {}
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() { rollback(); }

  // One statement inside this scope. A failed statement poisons the transaction until the
  // failed scope is rolled back (commit() then throws kMisuse) — the same on both backends.
  Result query(std::string_view name, std::string_view sql, const DbParams& params = {}) {
    requireActive();
    const std::vector<atrium_db_param> raw = detail::rawParams(params);
    return detail::checked(host_, host_->db_query(ctx_, req_, tx_, detail::str(name),
                                                  detail::str(sql), raw.data(), raw.size()));
  }

  // A nested scope (SQL savepoint): rolling it back undoes only what ran inside it.
  Transaction savepoint() {
    requireActive();
    atrium_db_tx* inner = nullptr;
    detail::checked(host_, host_->db_begin(ctx_, req_, tx_, &inner));
    return Transaction(host_, ctx_, req_, inner);
  }

  // Makes the work permanent (a savepoint: part of the enclosing transaction). Throws DbError;
  // the scope has ended either way.
  void commit() {
    requireActive();
    atrium_db_tx* tx = std::exchange(tx_, nullptr);
    detail::checked(host_, host_->db_commit(tx));
  }

  void rollback() noexcept {
    if (tx_ != nullptr) host_->db_rollback(std::exchange(tx_, nullptr));
  }

  bool active() const noexcept { return tx_ != nullptr; }
  // The ABI handle (NULL once ended), for host calls that join this scope (Mail, Sms).
  atrium_db_tx* raw() const noexcept { return tx_; }

 private:
  friend class Db;
  Transaction(const atrium_host_api* host, atrium_plugin_ctx* ctx, const atrium_request* req,
              atrium_db_tx* tx)
      : host_(host), ctx_(ctx), req_(req), tx_(tx) {}
  void requireActive() const {
    if (tx_ == nullptr) {
      throw DbError(DbErrorKind::kMisuse,
                    "the transaction has already been committed or rolled back");
    }
  }

  const atrium_host_api* host_;
  atrium_plugin_ctx* ctx_;
  const atrium_request* req_;
  atrium_db_tx* tx_;
};

// The host's database, seen by one plugin (and, when made with a request, tagged with its
// request id in metrics and logs). Cheap to copy; thread-safe.
class Db {
 public:
  Db(const atrium_host_api* host, atrium_plugin_ctx* ctx, const atrium_request* req = nullptr)
      : host_(host), ctx_(ctx), req_(req) {
    detail::requireDatabaseApi(host_);
  }

  // One statement in its own implicit transaction. `name` ([a-z0-9_.], e.g. "items.get")
  // labels metrics and the slow-query log.
  Result query(std::string_view name, std::string_view sql, const DbParams& params = {}) const {
    const std::vector<atrium_db_param> raw = detail::rawParams(params);
    return detail::checked(host_, host_->db_query(ctx_, req_, nullptr, detail::str(name),
                                                  detail::str(sql), raw.data(), raw.size()));
  }

  // Begins a transaction; it holds one pooled connection until it ends.
  Transaction begin() const {
    atrium_db_tx* tx = nullptr;
    detail::checked(host_, host_->db_begin(ctx_, req_, nullptr, &tx));
    return Transaction(host_, ctx_, req_, tx);
  }

  // Runs fn(tx) in a transaction and commits when it returns; rolls back when it throws.
  template <typename Fn>
  auto transaction(Fn&& fn) const {
    Transaction tx = begin();
    if constexpr (std::is_void_v<decltype(fn(tx))>) {
      fn(tx);
      tx.commit();
    } else {
      auto result = fn(tx);
      tx.commit();
      return result;
    }
  }

 private:
  const atrium_host_api* host_;
  atrium_plugin_ctx* ctx_;
  const atrium_request* req_;
};

}  // namespace atrium::sdk

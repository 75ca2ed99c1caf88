// The database part of the host's function table (ABI 1.1): statements, results and
// transaction scopes for plugins, over host/db's Database service. Every entry is noexcept and
// reports failures in an atrium_db_result; nothing a plugin passes can crash the host.
#include <algorithm>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>

#include "host/db/database.hpp"
#include "host/db/database_error.hpp"
#include "host/db/query_error.hpp"
#include "host/plugin/host_api.hpp"

namespace atrium::host::plugin {

// What an atrium_db_tx* points to: one level of a transaction stack.
struct DbTxHandle {
  std::shared_ptr<db::TransactionStack> stack;
  size_t level = 1;
  PluginContext* plugin = nullptr;
  const RequestHandle* request = nullptr;  // tracks the handle while it is open
};

namespace {

// What an atrium_db_result* points to.
struct DbResultHandle {
  db::QueryResult result;
  atrium_db_error_kind error = ATRIUM_DB_OK;
  std::string message;
  std::string constraint;
};

constexpr size_t kMaxParams = 1000;

DbTxHandle* txOf(atrium_db_tx* tx) noexcept { return reinterpret_cast<DbTxHandle*>(tx); }
atrium_db_tx* toAbi(DbTxHandle* tx) noexcept { return reinterpret_cast<atrium_db_tx*>(tx); }
const DbResultHandle* resultOf(const atrium_db_result* res) noexcept {
  return reinterpret_cast<const DbResultHandle*>(res);
}
atrium_db_result* toAbi(DbResultHandle* res) noexcept {
  return reinterpret_cast<atrium_db_result*>(res);
}

atrium_db_error_kind kindOf(db::QueryErrorKind kind) noexcept {
  switch (kind) {
    case db::QueryErrorKind::kUniqueViolation: return ATRIUM_DB_UNIQUE_VIOLATION;
    case db::QueryErrorKind::kForeignKeyViolation: return ATRIUM_DB_FOREIGN_KEY_VIOLATION;
    case db::QueryErrorKind::kNotNullViolation: return ATRIUM_DB_NOT_NULL_VIOLATION;
    case db::QueryErrorKind::kCheckViolation: return ATRIUM_DB_CHECK_VIOLATION;
    case db::QueryErrorKind::kInvalidQuery: return ATRIUM_DB_INVALID_QUERY;
    case db::QueryErrorKind::kBusy: return ATRIUM_DB_BUSY;
    case db::QueryErrorKind::kTimeout: return ATRIUM_DB_TIMEOUT;
    case db::QueryErrorKind::kSerialization: return ATRIUM_DB_SERIALIZATION;
    case db::QueryErrorKind::kTooLarge: return ATRIUM_DB_TOO_LARGE;
    case db::QueryErrorKind::kOther: return ATRIUM_DB_OTHER;
  }
  return ATRIUM_DB_OTHER;
}

atrium_db_result* failure(atrium_db_error_kind kind, std::string message,
                          std::string constraint = {}) noexcept {
  auto* res = new (std::nothrow) DbResultHandle;
  if (res == nullptr) return nullptr;
  res->error = kind;
  try {
    res->message = std::move(message);
    res->constraint = std::move(constraint);
  } catch (...) {}
  return toAbi(res);
}

// Runs `fn` and turns every exception into a failed result.
template <typename Fn>
atrium_db_result* guarded(Fn&& fn) noexcept {
  try {
    return fn();
  } catch (const db::QueryError& e) {
    return failure(kindOf(e.kind()), e.what(), e.constraint());
  } catch (const db::DatabaseUnavailable& e) {
    return failure(ATRIUM_DB_UNAVAILABLE, e.what());
  } catch (const std::invalid_argument& e) {
    return failure(ATRIUM_DB_MISUSE, e.what());
  } catch (const std::logic_error& e) {
    return failure(ATRIUM_DB_MISUSE, e.what());
  } catch (const std::bad_alloc&) {
    return nullptr;
  } catch (const std::exception& e) {
    return failure(ATRIUM_DB_OTHER, e.what());
  } catch (...) {
    return failure(ATRIUM_DB_OTHER, "unknown error");
  }
}

db::Value toValue(const atrium_value& v, size_t index) {
  switch (v.type) {
    case ATRIUM_VALUE_NULL: return std::monostate{};
    case ATRIUM_VALUE_INT: return v.int_value;
    case ATRIUM_VALUE_DOUBLE: return v.double_value;
    case ATRIUM_VALUE_BOOL: return v.int_value != 0;
    case ATRIUM_VALUE_TEXT:
    case ATRIUM_VALUE_BLOB:
      if (v.bytes.ptr == nullptr && v.bytes.len != 0) {
        throw std::invalid_argument("parameter " + std::to_string(index) +
                                    " has a NULL pointer with a non-zero length");
      }
      if (v.type == ATRIUM_VALUE_TEXT) return std::string(view(v.bytes));
      return db::Blob{std::string(view(v.bytes))};
    default:
      throw std::invalid_argument("parameter " + std::to_string(index) + " has unknown type " +
                                  std::to_string(v.type));
  }
}

db::Params toParams(const atrium_db_param* params, size_t count) {
  if (count > kMaxParams) {
    throw std::invalid_argument("too many parameters (" + std::to_string(count) + ", at most " +
                                std::to_string(kMaxParams) + ")");
  }
  if (count > 0 && params == nullptr) {
    throw std::invalid_argument("params is NULL but param_count is " + std::to_string(count));
  }
  db::Params out;
  out.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    const std::string_view name = view(params[i].name);
    if (name.empty())
      throw std::invalid_argument("parameter " + std::to_string(i) + " has no name");
    out.push_back(db::Param{std::string(name), toValue(params[i].value, i)});
  }
  return out;
}

db::QueryTag tagFor(std::string_view name, const PluginContext& plugin,
                    const RequestHandle* request) noexcept {
  db::QueryTag tag{name, plugin.logger.name(), {}};
  if (request != nullptr && request->request != nullptr)
    tag.request_id = request->request->request_id;
  return tag;
}

db::Database& databaseOf(PluginContext* plugin) {
  if (plugin == nullptr) throw std::invalid_argument("ctx is NULL");
  if (plugin->database == nullptr) {
    throw db::DatabaseUnavailable("no database service in this process (plugin '" + plugin->name +
                                  "' was not started by a serving host)");
  }
  return *plugin->database;
}

atrium_db_result* success(db::QueryResult result) {
  auto res = std::make_unique<DbResultHandle>();
  res->result = std::move(result);
  return toAbi(res.release());
}

// ---- statements -------------------------------------------------------------------------

atrium_db_result* dbQuery(atrium_plugin_ctx* ctx, const atrium_request* req, atrium_db_tx* tx,
                          atrium_str name, atrium_str sql, const atrium_db_param* params,
                          size_t param_count) noexcept {
  return guarded([&] {
    PluginContext* plugin = contextOf(ctx);
    db::Database& database = databaseOf(plugin);
    const db::Params bound = toParams(params, param_count);
    const RequestHandle* request = requestHandleOf(req);
    if (tx == nullptr) {
      return success(database.query(tagFor(view(name), *plugin, request), view(sql), bound));
    }
    DbTxHandle* handle = txOf(tx);
    if (!handle->stack->isOpen(handle->level)) {
      throw std::logic_error("query on a transaction scope that has already ended");
    }
    return success(
        database.query(*handle->stack, tagFor(view(name), *plugin, request), view(sql), bound));
  });
}

atrium_db_error_kind dbResultError(const atrium_db_result* res, atrium_str* message,
                                   atrium_str* constraint) noexcept {
  const DbResultHandle* handle = resultOf(res);
  if (handle == nullptr) {
    if (message != nullptr) *message = str("out of memory");
    if (constraint != nullptr) *constraint = str({});
    return ATRIUM_DB_OTHER;
  }
  if (message != nullptr) *message = str(handle->message);
  if (constraint != nullptr) *constraint = str(handle->constraint);
  return handle->error;
}

size_t dbResultColumnCount(const atrium_db_result* res) noexcept {
  const DbResultHandle* handle = resultOf(res);
  return handle == nullptr ? 0 : handle->result.columns.size();
}

atrium_str dbResultColumnName(const atrium_db_result* res, size_t column) noexcept {
  const DbResultHandle* handle = resultOf(res);
  if (handle == nullptr || column >= handle->result.columns.size()) return str({});
  return str(handle->result.columns[column]);
}

size_t dbResultRowCount(const atrium_db_result* res) noexcept {
  const DbResultHandle* handle = resultOf(res);
  return handle == nullptr ? 0 : handle->result.rows.size();
}

int32_t dbResultValue(const atrium_db_result* res, size_t row, size_t column,
                      atrium_value* out) noexcept {
  const DbResultHandle* handle = resultOf(res);
  if (handle == nullptr || out == nullptr || row >= handle->result.rows.size() ||
      column >= handle->result.rows[row].size()) {
    return 0;
  }
  *out = atrium_value{};
  const db::Value& value = handle->result.rows[row][column];
  switch (db::typeOf(value)) {
    case db::ValueType::kNull: out->type = ATRIUM_VALUE_NULL; break;
    case db::ValueType::kInt:
      out->type = ATRIUM_VALUE_INT;
      out->int_value = std::get<int64_t>(value);
      break;
    case db::ValueType::kDouble:
      out->type = ATRIUM_VALUE_DOUBLE;
      out->double_value = std::get<double>(value);
      break;
    case db::ValueType::kText:
      out->type = ATRIUM_VALUE_TEXT;
      out->bytes = str(std::get<std::string>(value));
      break;
    case db::ValueType::kBool:
      out->type = ATRIUM_VALUE_BOOL;
      out->int_value = std::get<bool>(value) ? 1 : 0;
      break;
    case db::ValueType::kBlob:
      out->type = ATRIUM_VALUE_BLOB;
      out->bytes = str(std::get<db::Blob>(value).bytes);
      break;
  }
  return 1;
}

int64_t dbResultAffectedRows(const atrium_db_result* res) noexcept {
  const DbResultHandle* handle = resultOf(res);
  return handle == nullptr ? 0 : handle->result.affected_rows;
}

void dbResultFree(atrium_db_result* res) noexcept { delete reinterpret_cast<DbResultHandle*>(res); }

// ---- transactions -----------------------------------------------------------------------

void untrack(DbTxHandle* handle) noexcept {
  if (handle->request == nullptr) return;
  auto& open = handle->request->transactions;
  open.erase(std::remove(open.begin(), open.end(), handle), open.end());
}

atrium_db_result* dbBegin(atrium_plugin_ctx* ctx, const atrium_request* req, atrium_db_tx* parent,
                          atrium_db_tx** out) noexcept {
  if (out != nullptr) *out = nullptr;
  return guarded([&] {
    if (out == nullptr) throw std::invalid_argument("out is NULL");
    PluginContext* plugin = contextOf(ctx);
    db::Database& database = databaseOf(plugin);
    auto handle = std::make_unique<DbTxHandle>();
    handle->plugin = plugin;
    if (parent == nullptr) {
      handle->stack = database.begin();
      handle->level = 1;
    } else {
      const DbTxHandle* outer = txOf(parent);
      if (outer->level != outer->stack->depth()) {
        throw std::logic_error(outer->stack->isOpen(outer->level)
                                   ? "a savepoint can only be opened in the innermost scope"
                                   : "the parent transaction scope has already ended");
      }
      handle->stack = outer->stack;
      handle->level = handle->stack->push();
    }
    handle->request = requestHandleOf(req);
    if (handle->request != nullptr) handle->request->transactions.push_back(handle.get());
    *out = toAbi(handle.release());
    return success({});
  });
}

atrium_db_result* dbCommit(atrium_db_tx* tx) noexcept {
  if (tx == nullptr) return failure(ATRIUM_DB_MISUSE, "tx is NULL");
  std::unique_ptr<DbTxHandle> handle(txOf(tx));
  untrack(handle.get());
  db::Database* database = handle->plugin->database;
  atrium_db_result* result = guarded([&] {
    handle->stack->commit(handle->level);
    return success({});
  });
  // The ABI promises the scope has ended either way: a refused commit rolls it back.
  handle->stack->rollback(handle->level);
  if (database != nullptr && handle->level == 1) {
    const bool ok = result != nullptr && resultOf(result)->error == ATRIUM_DB_OK;
    database->recordTransaction(ok ? "commit" : "failed");
  }
  return result;
}

void dbRollback(atrium_db_tx* tx) noexcept {
  if (tx == nullptr) return;
  std::unique_ptr<DbTxHandle> handle(txOf(tx));
  untrack(handle.get());
  const bool open = handle->stack->isOpen(handle->level);
  handle->stack->rollback(handle->level);
  if (open && handle->level == 1 && handle->plugin->database != nullptr) {
    handle->plugin->database->recordTransaction("rollback");
  }
}

}  // namespace

void addDatabaseApi(atrium_host_api& api) noexcept {
  api.db_query = &dbQuery;
  api.db_result_error = &dbResultError;
  api.db_result_column_count = &dbResultColumnCount;
  api.db_result_column_name = &dbResultColumnName;
  api.db_result_row_count = &dbResultRowCount;
  api.db_result_value = &dbResultValue;
  api.db_result_affected_rows = &dbResultAffectedRows;
  api.db_result_free = &dbResultFree;
  api.db_begin = &dbBegin;
  api.db_commit = &dbCommit;
  api.db_rollback = &dbRollback;
}

db::TransactionStack* joinedTransaction(atrium_db_tx* tx, const RequestHandle* request) {
  if (tx != nullptr) {
    const DbTxHandle* handle = txOf(tx);
    if (handle->level != handle->stack->depth()) {
      throw std::logic_error(handle->stack->isOpen(handle->level)
                                 ? "a message can only join the innermost transaction scope"
                                 : "the transaction scope has already ended");
    }
    return handle->stack.get();
  }
  if (request == nullptr) return nullptr;
  for (auto it = request->transactions.rbegin(); it != request->transactions.rend(); ++it) {
    DbTxHandle* handle = *it;
    if (handle->stack->isOpen(handle->level) && handle->level == handle->stack->depth()) {
      return handle->stack.get();
    }
  }
  return nullptr;
}

void endRequestTransactions(const RequestHandle& request, const PluginContext& plugin) noexcept {
  const size_t left = request.transactions.size();
  // Innermost scopes were begun last: end them first.
  while (!request.transactions.empty()) {
    DbTxHandle* handle = request.transactions.back();
    handle->request = nullptr;
    request.transactions.pop_back();
    dbRollback(toAbi(handle));
  }
  try {
    const std::string_view request_id = request.request == nullptr
                                            ? std::string_view()
                                            : std::string_view(request.request->request_id);
    plugin.logger.log(common::LogLevel::kWarn,
                      "handler returned with open transaction scopes; rolled back", request_id,
                      {{"handler", request.handler_id}, {"scopes", left}});
  } catch (...) {}
}

}  // namespace atrium::host::plugin

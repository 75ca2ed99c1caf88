#pragma once

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "atrium/abi.h"
#include "host/common/logger.hpp"
#include "host/http/multipart_parser.hpp"
#include "host/http/request.hpp"
#include "host/http/response.hpp"

namespace atrium::host::db {
class Database;
}
namespace atrium::host::db {
class TransactionStack;
}
namespace atrium::host::lua {
class ScriptEngine;
}
namespace atrium::host::messaging {
class MessagingService;
}
namespace atrium::host::auth {
class AuthService;
}
namespace atrium::host::events {
class EventsService;
}
namespace atrium::host::ai {
class AiService;
}
namespace atrium::host::storage {
class StorageService;
}

namespace atrium::host::plugin {

struct DbTxHandle;

// What an atrium_plugin_ctx* points to: one per loaded plugin, alive until it is unloaded.
struct PluginContext {
  PluginContext(const common::LogSink& sink, std::string plugin_name)
      : name(plugin_name), logger(sink, "plugin." + plugin_name) {}
  std::string name;
  std::string config_json = "{}";  // validated config, set before start()
  common::Logger logger;
  db::Database* database = nullptr;      // set before start(); nullptr: no database service
  lua::ScriptEngine* scripts = nullptr;  // set before start(); nullptr: no script engine
  messaging::MessagingService* messaging = nullptr;  // set before start(); nullptr: none
  const auth::AuthService* auth = nullptr;           // set before start(); nullptr: no auth service
  events::EventsService* events = nullptr;           // set before start(); nullptr: none
  ai::AiService* ai = nullptr;                       // set before start(); nullptr: no AI service
  const storage::StorageService* storage = nullptr;  // set before start(); nullptr: no storage
};

// The request body parsed as multipart/form-data by request_multipart (host_api_storage.cpp),
// kept for the rest of the handler call.
struct ParsedMultipart {
  std::vector<http::MultipartPart> parts;  // views into the request's body
  int status = 0;                          // 0 parsed; else the HTTP status of the failure
  std::string message;
};

// What an atrium_request* points to during one handler call.
struct RequestHandle {
  const http::Request* request;
  std::string_view handler_id;  // tagged on the plugin's log lines
  // The storage service of the plugin handling the request: its multipart limits apply.
  const storage::StorageService* storage = nullptr;
  // Transactions begun with this request and not ended yet (host_api_db.cpp); whatever is
  // left when the handler returns is rolled back by endRequestTransactions.
  mutable std::vector<DbTxHandle*> transactions = {};
  // Set by the first request_multipart call (host_api_storage.cpp).
  mutable std::unique_ptr<ParsedMultipart> multipart = {};
};

// What an atrium_response* points to during one handler call: the handler writes into a scratch
// response that the host adopts only when the handler returns ATRIUM_OK.
struct ResponseHandle {
  http::Response response;
  std::string failure;  // response_set_failure: internal detail, log only
  std::string invalid;  // set when the plugin passed something the host refuses (bad status)
};

// {ptr,len} strings at the boundary: a NULL pointer reads as empty.
inline std::string_view view(atrium_str s) noexcept {
  return s.ptr == nullptr ? std::string_view() : std::string_view(s.ptr, s.len);
}
inline atrium_str str(std::string_view s) noexcept { return atrium_str{s.data(), s.size()}; }

// Copies `message` into a plugin's error buffer of `size` bytes, cut to fit and NUL-terminated
// (nothing when the plugin gave none).
inline void writeError(char* buf, size_t size, std::string_view message) noexcept {
  if (buf == nullptr || size == 0) return;
  const size_t n = std::min(message.size(), size - 1);
  std::memcpy(buf, message.data(), n);
  buf[n] = '\0';
}

// The handles the host gave out, back to what they point to (NULL stays NULL).
inline PluginContext* contextOf(atrium_plugin_ctx* ctx) noexcept {
  return reinterpret_cast<PluginContext*>(ctx);
}
inline const RequestHandle* requestHandleOf(const atrium_request* req) noexcept {
  return reinterpret_cast<const RequestHandle*>(req);
}
inline ResponseHandle* responseOf(atrium_response* res) noexcept {
  return reinterpret_cast<ResponseHandle*>(res);
}

inline atrium_plugin_ctx* toAbi(PluginContext* ctx) {
  return reinterpret_cast<atrium_plugin_ctx*>(ctx);
}
inline const atrium_request* toAbi(const RequestHandle* req) {
  return reinterpret_cast<const atrium_request*>(req);
}
inline atrium_response* toAbi(ResponseHandle* res) {
  return reinterpret_cast<atrium_response*>(res);
}

// The host's function table (ABI ATRIUM_ABI_MAJOR.ATRIUM_ABI_MINOR). Every function is
// noexcept, tolerates NULL handles and copies what it is given.
atrium_host_api makeHostApi() noexcept;

// Fills the ABI 1.1 database functions of `api` (host_api_db.cpp).
void addDatabaseApi(atrium_host_api& api) noexcept;
// Fills the ABI 1.1 script functions of `api` (host_api_scripts.cpp).
void addScriptsApi(atrium_host_api& api) noexcept;
// Fills the ABI 1.2 messaging functions of `api` (host_api_messaging.cpp).
void addMessagingApi(atrium_host_api& api) noexcept;

// The transaction a call joins (host_api_db.cpp): `tx` when given (it must be the innermost
// open scope of its transaction; std::logic_error otherwise), else the innermost scope still
// open that was begun with `request`, else nullptr.
db::TransactionStack* joinedTransaction(atrium_db_tx* tx, const RequestHandle* request);
// Fills the ABI 1.2 auth functions of `api` (host_api_auth.cpp).
void addAuthApi(atrium_host_api& api) noexcept;

// Fills the ABI 1.2 validation functions of `api` (host_api_validation.cpp).
void addValidationApi(atrium_host_api& api) noexcept;
// Fills the ABI 1.3 events function of `api` (host_api_events.cpp).
void addEventsApi(atrium_host_api& api) noexcept;

// Fills the ABI 1.4 AI functions of `api` (host_api_ai.cpp).
void addAiApi(atrium_host_api& api) noexcept;

// Fills the ABI 1.5 storage functions of `api` (host_api_storage.cpp).
void addStorageApi(atrium_host_api& api) noexcept;

// Rolls back and frees the transactions a handler left open, logging one warning for them.
void endRequestTransactions(const RequestHandle& request, const PluginContext& plugin) noexcept;

}  // namespace atrium::host::plugin

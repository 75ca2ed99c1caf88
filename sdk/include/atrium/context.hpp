// What a plugin receives from the host besides the request: its validated config and a logger.
// Services (database, scripts, mail, ...) are added here as the ABI grows. Compiles as C++17.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "atrium/abi.h"
#include "atrium/ai.hpp"
#include "atrium/auth.hpp"
#include "atrium/db.hpp"
#include "atrium/detail/str.hpp"
#include "atrium/events.hpp"
#include "atrium/messaging.hpp"
#include "atrium/request.hpp"
#include "atrium/scripts.hpp"
#include "atrium/storage.hpp"

namespace atrium::sdk {

enum class LogLevel : int32_t {
  kDebug = ATRIUM_LOG_DEBUG,
  kInfo = ATRIUM_LOG_INFO,
  kWarn = ATRIUM_LOG_WARN,
  kError = ATRIUM_LOG_ERROR,
};

// One per plugin instance, shared by every handler call: it is safe to use from many threads
// at once (config() is read-only after start, logging is thread-safe in the host).
class Context {
 public:
  Context(const atrium_host_api* host, atrium_plugin_ctx* ctx, nlohmann::json config)
      : host_(host), ctx_(ctx), config_(std::move(config)) {}

  // The plugin's config block, validated against its schema, defaults applied.
  const nlohmann::json& config() const noexcept { return config_; }

  // One structured log line tagged with the plugin's name and, when `request` is given, the
  // request id and handler id. Never log secrets, tokens or personal data at info or above.
  void log(LogLevel level, std::string_view message, const Request* request = nullptr) const {
    host_->log(ctx_, request == nullptr ? nullptr : request->raw(), static_cast<int32_t>(level),
               detail::str(message));
  }
  void debug(std::string_view message, const Request* request = nullptr) const {
    log(LogLevel::kDebug, message, request);
  }
  void info(std::string_view message, const Request* request = nullptr) const {
    log(LogLevel::kInfo, message, request);
  }
  void warn(std::string_view message, const Request* request = nullptr) const {
    log(LogLevel::kWarn, message, request);
  }
  void error(std::string_view message, const Request* request = nullptr) const {
    log(LogLevel::kError, message, request);
  }
  void debug(std::string_view message, const Request& request) const { debug(message, &request); }
  void info(std::string_view message, const Request& request) const { info(message, &request); }
  void warn(std::string_view message, const Request& request) const { warn(message, &request); }
  void error(std::string_view message, const Request& request) const { error(message, &request); }

  // The database (docs/database.md). With a request, statements are tagged with its request id
  // and a transaction left open when the handler returns is rolled back by the host.
  Db db(const Request& request) const { return Db(host_, ctx_, request.raw()); }
  // Outside a request (onStart, background threads).
  Db db() const { return Db(host_, ctx_); }

  // The Lua scripts (docs/scripting.md): rules, prompt templates, message texts.
  Scripts scripts(const Request& request) const { return Scripts(host_, ctx_, request.raw()); }
  Scripts scripts() const { return Scripts(host_, ctx_); }

  // E-mail and SMS through the host's outbox (docs/messaging.md). With a request, a message
  // joins the request's innermost open transaction: it is sent only if that commits.
  Mail mail(const Request& request) const { return Mail(host_, ctx_, request.raw()); }
  Mail mail() const { return Mail(host_, ctx_); }
  Sms sms(const Request& request) const { return Sms(host_, ctx_, request.raw()); }
  Sms sms() const { return Sms(host_, ctx_); }
  // The auth service (ABI 1.2, docs/plugins.md "Passwords, tokens and randomness"): argon2id
  // and bcrypt passwords, access tokens signed with the product's key, CSPRNG and SHA-256.
  Passwords passwords() const { return Passwords(host_, ctx_); }
  // With a request, a refused claim is logged with its request id.
  Tokens tokens(const Request& request) const { return Tokens(host_, ctx_, request.raw()); }
  Tokens tokens() const { return Tokens(host_, ctx_); }
  Crypto crypto() const { return Crypto(host_, ctx_); }
  // Server-sent events (ABI 1.3, docs/plugins.md "Real-time events").
  Events events() const { return Events(host_, ctx_); }
  // The AI service (ABI 1.4, docs/ai.md): text from Gemini, an OpenAI-compatible API or the
  // offline provider, prompts from Lua templates. With a request, usage is recorded for its
  // user (the principal's "sub") and the call is logged with its request id.
  Ai ai(const Request& request) const { return Ai(host_, ctx_, request.raw()); }
  Ai ai() const { return Ai(host_, ctx_); }
  // Uploaded files (ABI 1.5, docs/storage.md): save a multipart part or bytes under an upload
  // profile, stat and delete by key. With a request, refusals are logged with its request id.
  Storage storage(const Request& request) const { return Storage(host_, ctx_, request.raw()); }
  Storage storage() const { return Storage(host_, ctx_); }

  const atrium_host_api* host() const noexcept { return host_; }
  atrium_plugin_ctx* raw() const noexcept { return ctx_; }

 private:
  const atrium_host_api* host_;
  atrium_plugin_ctx* ctx_;
  nlohmann::json config_;
};

}  // namespace atrium::sdk

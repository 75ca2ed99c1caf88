// Sending e-mail and SMS from a plugin (docs/messaging.md). A message is written to the host's
// outbox in the request's open transaction, so it is sent if and only if the request's change
// commits; the host's sender worker delivers it, with retries. Compiles as C++17.
//
//   sdk::Transaction tx = ctx.db(req).begin();
//   tx.query("accounts.create", "INSERT INTO accounts ...", {...});
//   ctx.mail(req).send({.to = email, .subject = "Welcome", .text = "Hello!"});  // joins tx
//   tx.commit();  // no commit (a throw, a return): no mail
//
//   // Rendered from scripts/<product>/messages/welcome.lua (see docs/scripting.md):
//   ctx.mail(req).sendTemplate("kaya/messages/welcome", "en", {{"name", name}}, email);
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "atrium/abi.h"
#include "atrium/db.hpp"
#include "atrium/detail/str.hpp"
#include "atrium/http_error.hpp"
#include "atrium/scripts.hpp"

namespace atrium::sdk {

struct MailMessage {
  std::string to;  // one address: local@domain
  std::string subject;
  std::string text;  // text or html (or both)
  std::string html;
  std::string template_id;      // where it was rendered from (optional, for operators)
  std::string idempotency_key;  // a repeat with the same key is not sent again (optional)
};

struct SmsMessage {
  std::string to;    // E.164: +15005550006
  std::string body;  // at most 1600 bytes
  std::string template_id;
  std::string idempotency_key;
};

// A message the host refused or could not store. It is an HttpError: 400 when the message is
// invalid (a bad address is usually the client's input), 503 when the database is down, 500
// otherwise. The reason never repeats the message's content.
class MessagingError : public HttpError {
 public:
  MessagingError(atrium_status status, const std::string& reason)
      : HttpError(httpStatus(status), codeOf(status), messageOf(status, reason), reason),
        status_(status) {}
  atrium_status status() const noexcept { return status_; }

 private:
  static int httpStatus(atrium_status s) {
    return s == ATRIUM_ERR_INVALID_ARGUMENT ? 400 : s == ATRIUM_ERR_UNAVAILABLE ? 503 : 500;
  }
  static std::string codeOf(atrium_status s) {
    return s == ATRIUM_ERR_INVALID_ARGUMENT ? "invalid_message"
           : s == ATRIUM_ERR_UNAVAILABLE    ? "unavailable"
                                            : "internal_error";
  }
  static std::string messageOf(atrium_status s, const std::string& reason) {
    if (s == ATRIUM_ERR_INVALID_ARGUMENT) return reason;
    return s == ATRIUM_ERR_UNAVAILABLE ? "Service temporarily unavailable"
                                       : "Internal server error";
  }
  atrium_status status_;
};

namespace detail {

inline void requireMessagingApi(const atrium_host_api* host) {
  if (!ATRIUM_ABI_HAS_FIELD(host, atrium_host_api, sms_send)) {
    throw std::runtime_error(
        "this host does not provide mail and SMS (it needs ABI 1.2, the host "
        "speaks " +
        std::to_string(host->header.abi_major) + "." + std::to_string(host->header.abi_minor) +
        ")");
  }
}

inline std::string textField(const nlohmann::json& rendered, const char* key,
                             std::string_view script) {
  const auto it = rendered.find(key);
  if (it == rendered.end() || it->is_null()) return {};
  if (!it->is_string()) {
    throw ScriptError(ScriptErrorKind::kBadResult,
                      std::string(script) + ".render: '" + key + "' must be a string");
  }
  return it->get<std::string>();
}

// Calls render({lang=..., vars=...}) of a message script and checks it returned a table.
inline nlohmann::json renderMessage(const Scripts& scripts, std::string_view script_id,
                                    std::string_view lang, const nlohmann::json& vars) {
  nlohmann::json rendered =
      scripts.call(script_id, "render", {{"lang", std::string(lang)}, {"vars", vars}});
  if (!rendered.is_object()) {
    throw ScriptError(ScriptErrorKind::kBadResult,
                      std::string(script_id) + ".render must return a table");
  }
  return rendered;
}

}  // namespace detail

// E-mail through the outbox. Cheap to copy; use from the handler's thread.
class Mail {
 public:
  Mail(const atrium_host_api* host, atrium_plugin_ctx* ctx, const atrium_request* req = nullptr)
      : host_(host), ctx_(ctx), req_(req) {
    detail::requireMessagingApi(host_);
  }

  // Enqueues `message` in the request's innermost open transaction (or on its own when none
  // is open) and returns its outbox id. Throws MessagingError.
  int64_t send(const MailMessage& message) const { return sendIn(nullptr, message); }
  // The same, in `tx` explicitly (it must be the innermost open scope).
  int64_t send(const Transaction& tx, const MailMessage& message) const {
    if (!tx.active()) throw std::logic_error("send in a transaction that has ended");
    return sendIn(tx.raw(), message);
  }

  // Renders the message script `script_id` (render{lang=, vars=} returning
  // {subject=, text=, html=}) and enqueues the result to `to`. Throws ScriptError when the
  // script fails, MessagingError when the message is refused.
  int64_t sendTemplate(std::string_view script_id, std::string_view lang,
                       const nlohmann::json& vars, std::string to,
                       std::string idempotency_key = {}) const {
    const nlohmann::json rendered =
        detail::renderMessage(Scripts(host_, ctx_, req_), script_id, lang, vars);
    MailMessage message;
    message.to = std::move(to);
    message.subject = detail::textField(rendered, "subject", script_id);
    message.text = detail::textField(rendered, "text", script_id);
    message.html = detail::textField(rendered, "html", script_id);
    message.template_id = std::string(script_id);
    message.idempotency_key = std::move(idempotency_key);
    return send(message);
  }

 private:
  int64_t sendIn(atrium_db_tx* tx, const MailMessage& m) const {
    atrium_mail_message raw{};
    raw.struct_size = sizeof raw;
    raw.to = detail::str(m.to);
    raw.subject = detail::str(m.subject);
    raw.text = detail::str(m.text);
    raw.html = detail::str(m.html);
    raw.template_id = detail::str(m.template_id);
    raw.idempotency_key = detail::str(m.idempotency_key);
    int64_t id = 0;
    char error[512];
    const atrium_status status = host_->mail_send(ctx_, req_, tx, &raw, &id, error, sizeof error);
    if (status != ATRIUM_OK) throw MessagingError(status, error);
    return id;
  }

  const atrium_host_api* host_;
  atrium_plugin_ctx* ctx_;
  const atrium_request* req_;
};

// SMS through the outbox. Cheap to copy; use from the handler's thread.
class Sms {
 public:
  Sms(const atrium_host_api* host, atrium_plugin_ctx* ctx, const atrium_request* req = nullptr)
      : host_(host), ctx_(ctx), req_(req) {
    detail::requireMessagingApi(host_);
  }

  int64_t send(const SmsMessage& message) const { return sendIn(nullptr, message); }
  int64_t send(const Transaction& tx, const SmsMessage& message) const {
    if (!tx.active()) throw std::logic_error("send in a transaction that has ended");
    return sendIn(tx.raw(), message);
  }

  // Renders the message script (render{lang=, vars=} returning {body=}) and enqueues it.
  int64_t sendTemplate(std::string_view script_id, std::string_view lang,
                       const nlohmann::json& vars, std::string to,
                       std::string idempotency_key = {}) const {
    const nlohmann::json rendered =
        detail::renderMessage(Scripts(host_, ctx_, req_), script_id, lang, vars);
    SmsMessage message;
    message.to = std::move(to);
    message.body = detail::textField(rendered, "body", script_id);
    message.template_id = std::string(script_id);
    message.idempotency_key = std::move(idempotency_key);
    return send(message);
  }

 private:
  int64_t sendIn(atrium_db_tx* tx, const SmsMessage& m) const {
    atrium_sms_message raw{};
    raw.struct_size = sizeof raw;
    raw.to = detail::str(m.to);
    raw.body = detail::str(m.body);
    raw.template_id = detail::str(m.template_id);
    raw.idempotency_key = detail::str(m.idempotency_key);
    int64_t id = 0;
    char error[512];
    const atrium_status status = host_->sms_send(ctx_, req_, tx, &raw, &id, error, sizeof error);
    if (status != ATRIUM_OK) throw MessagingError(status, error);
    return id;
  }

  const atrium_host_api* host_;
  atrium_plugin_ctx* ctx_;
  const atrium_request* req_;
};

}  // namespace atrium::sdk

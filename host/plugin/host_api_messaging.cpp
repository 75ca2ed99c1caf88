// The messaging part of the host's function table (ABI 1.2): mail_send and sms_send write a
// message to the outbox, joining the caller's transaction (host/services/messaging). Every
// entry is noexcept; nothing a plugin passes can crash the host.
#include <cstddef>
#include <stdexcept>
#include <string>

#include "host/db/database_error.hpp"
#include "host/db/query_error.hpp"
#include "host/plugin/host_api.hpp"
#include "host/services/messaging/messaging_service.hpp"

namespace atrium::host::plugin {
namespace {

// A field the plugin's struct covers, or empty.
template <typename Message>
std::string field(const Message* message, atrium_str Message::*member, size_t offset) {
  if (message->struct_size < offset + sizeof(atrium_str)) return {};
  const atrium_str value = message->*member;
  if (value.ptr == nullptr && value.len != 0) {
    throw messaging::InvalidMessage("a string field has a NULL pointer with a non-zero length");
  }
  return std::string(view(value));
}

#define ATRIUM_FIELD(message, type, name) field(message, &type::name, offsetof(type, name))

template <typename Build>
atrium_status send(atrium_plugin_ctx* ctx, const atrium_request* req, atrium_db_tx* tx,
                   int64_t* out_id, char* error_buf, size_t error_buf_size,
                   Build&& build) noexcept {
  writeError(error_buf, error_buf_size, "");
  try {
    PluginContext* plugin = contextOf(ctx);
    if (plugin == nullptr) throw std::invalid_argument("ctx is NULL");
    if (plugin->messaging == nullptr) {
      writeError(error_buf, error_buf_size,
                 "no messaging service in this process (plugin '" + plugin->name +
                     "' was not started by a serving host)");
      return ATRIUM_ERR_UNAVAILABLE;
    }
    messaging::OutboxMessage message = build();
    message.source = plugin->logger.name();
    const RequestHandle* request = requestHandleOf(req);
    db::TransactionStack* joined = joinedTransaction(tx, request);
    const std::string_view request_id = request != nullptr && request->request != nullptr
                                            ? request->request->request_id
                                            : std::string_view();
    const int64_t id = plugin->messaging->enqueue(std::move(message), joined, request_id);
    if (out_id != nullptr) *out_id = id;
    return ATRIUM_OK;
  } catch (const messaging::InvalidMessage& e) {
    writeError(error_buf, error_buf_size, e.what());
    return ATRIUM_ERR_INVALID_ARGUMENT;
  } catch (const db::DatabaseUnavailable& e) {
    writeError(error_buf, error_buf_size, e.what());
    return ATRIUM_ERR_UNAVAILABLE;
  } catch (const db::QueryError& e) {
    writeError(error_buf, error_buf_size, e.what());
    return ATRIUM_ERR_DB;
  } catch (const std::invalid_argument& e) {  // NULL where a pointer is required
    writeError(error_buf, error_buf_size, e.what());
    return ATRIUM_ERR_INVALID_ARGUMENT;
  } catch (const std::logic_error& e) {  // a scope that is not the innermost open one: a bug
    writeError(error_buf, error_buf_size, e.what());
    return ATRIUM_ERR_INTERNAL;
  } catch (const std::exception& e) {
    writeError(error_buf, error_buf_size, e.what());
    return ATRIUM_ERR_INTERNAL;
  } catch (...) {
    writeError(error_buf, error_buf_size, "unknown error");
    return ATRIUM_ERR_INTERNAL;
  }
}

atrium_status mailSend(atrium_plugin_ctx* ctx, const atrium_request* req, atrium_db_tx* tx,
                       const atrium_mail_message* message, int64_t* out_id, char* error_buf,
                       size_t error_buf_size) noexcept {
  return send(ctx, req, tx, out_id, error_buf, error_buf_size, [&] {
    if (message == nullptr) throw std::invalid_argument("message is NULL");
    using M = atrium_mail_message;
    messaging::OutboxMessage out;
    out.channel = messaging::Channel::kMail;
    out.recipient = ATRIUM_FIELD(message, M, to);
    out.subject = ATRIUM_FIELD(message, M, subject);
    out.text = ATRIUM_FIELD(message, M, text);
    out.html = ATRIUM_FIELD(message, M, html);
    out.template_id = ATRIUM_FIELD(message, M, template_id);
    out.idempotency_key = ATRIUM_FIELD(message, M, idempotency_key);
    return out;
  });
}

atrium_status smsSend(atrium_plugin_ctx* ctx, const atrium_request* req, atrium_db_tx* tx,
                      const atrium_sms_message* message, int64_t* out_id, char* error_buf,
                      size_t error_buf_size) noexcept {
  return send(ctx, req, tx, out_id, error_buf, error_buf_size, [&] {
    if (message == nullptr) throw std::invalid_argument("message is NULL");
    using M = atrium_sms_message;
    messaging::OutboxMessage out;
    out.channel = messaging::Channel::kSms;
    out.recipient = ATRIUM_FIELD(message, M, to);
    out.text = ATRIUM_FIELD(message, M, body);
    out.template_id = ATRIUM_FIELD(message, M, template_id);
    out.idempotency_key = ATRIUM_FIELD(message, M, idempotency_key);
    return out;
  });
}

#undef ATRIUM_FIELD

}  // namespace

void addMessagingApi(atrium_host_api& api) noexcept {
  api.mail_send = &mailSend;
  api.sms_send = &smsSend;
}

}  // namespace atrium::host::plugin

// atrium.mail.send{to=, subject=, text=, html=, template=, idempotency_key=} -> true | nil, err
// Writes an e-mail to the host's outbox; the sender worker delivers it with retries
// (docs/messaging.md). The message is committed at once (scripts have no open transaction).
// err names the field and the rule ("mail.send: to is not a valid e-mail address ...") or the
// database problem ("mail.send: unavailable: ..."); it never repeats the message's content.
#include <string>

#include "host/db/database_error.hpp"
#include "host/db/query_error.hpp"
#include "host/lua/api.hpp"
#include "host/lua/engine_core.hpp"
#include "host/lua/lua_state.hpp"
#include "host/lua/worker_state.hpp"
#include "host/services/messaging/messaging_service.hpp"

namespace atrium::host::lua {

bool optionalStringField(lua_State* L, const char* key, std::string& out) {
  lua_getfield(L, 1, key);
  bool ok = true;
  if (lua_type(L, -1) == LUA_TSTRING) {
    size_t length = 0;
    const char* text = lua_tolstring(L, -1, &length);
    out.assign(text, length);
  } else if (!lua_isnil(L, -1)) {
    ok = false;
  }
  lua_pop(L, 1);
  return ok;
}

int enqueueMessage(lua_State* L, std::string_view what, messaging::OutboxMessage message) {
  const ScriptApiContext& context = apiContext(L);
  messaging::MessagingService* service = context.state->core().messaging();
  const std::string prefix = std::string(what) + ": ";
  if (service == nullptr) return pushFailure(L, prefix + "no messaging service");
  message.source = "lua." + context.script_id;
  try {
    const WaitOutsideLua waiting(L);
    service->enqueue(std::move(message), nullptr, context.state->requestId());
  } catch (const messaging::InvalidMessage& e) {
    return pushFailure(L, prefix + e.what());
  } catch (const db::QueryError& e) {
    return pushFailure(L, prefix + std::string(db::queryErrorKindName(e.kind())) + ": " + e.what());
  } catch (const db::DatabaseUnavailable& e) {
    return pushFailure(L, prefix + "unavailable: " + e.what());
  }
  lua_pushboolean(L, 1);
  return 1;
}

namespace {

int send(lua_State* L) {
  if (!lua_istable(L, 1)) {
    return pushFailure(L, "mail.send: expects a table {to=, subject=, text=, html=}");
  }
  messaging::OutboxMessage message;
  message.channel = messaging::Channel::kMail;
  for (const auto& [key, out] : {std::pair<const char*, std::string*>{"to", &message.recipient},
                                 {"subject", &message.subject},
                                 {"text", &message.text},
                                 {"html", &message.html},
                                 {"template", &message.template_id},
                                 {"idempotency_key", &message.idempotency_key}}) {
    if (!optionalStringField(L, key, *out)) {
      return pushFailure(L, std::string("mail.send: ") + key + " must be a string");
    }
  }
  return enqueueMessage(L, "mail.send", std::move(message));
}

constexpr ApiFunction kFunctions[] = {
    {"send", guarded<send>},
};

}  // namespace

void pushMailApi(lua_State* L, ScriptApiContext& context) {
  lua_createtable(L, 0, 1);
  setFunctions(L, kFunctions, &context);
}

}  // namespace atrium::host::lua

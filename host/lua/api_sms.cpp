// atrium.sms.send{to=, body=, template=, idempotency_key=} -> true | nil, err
// Writes an SMS to the host's outbox (docs/messaging.md); `to` is E.164 (+15005550006), body at
// most 1600 bytes. Committed at once; err never repeats the body.
#include <string>

#include "host/lua/api.hpp"

namespace atrium::host::lua {
namespace {

int send(lua_State* L) {
  if (!lua_istable(L, 1)) return pushFailure(L, "sms.send: expects a table {to=, body=}");
  messaging::OutboxMessage message;
  message.channel = messaging::Channel::kSms;
  for (const auto& [key, out] : {std::pair<const char*, std::string*>{"to", &message.recipient},
                                 {"body", &message.text},
                                 {"template", &message.template_id},
                                 {"idempotency_key", &message.idempotency_key}}) {
    if (!optionalStringField(L, key, *out)) {
      return pushFailure(L, std::string("sms.send: ") + key + " must be a string");
    }
  }
  return enqueueMessage(L, "sms.send", std::move(message));
}

constexpr ApiFunction kFunctions[] = {
    {"send", guarded<send>},
};

}  // namespace

void pushSmsApi(lua_State* L, ScriptApiContext& context) {
  lua_createtable(L, 0, 1);
  setFunctions(L, kFunctions, &context);
}

}  // namespace atrium::host::lua

// atrium.events: server-sent events for scripts (docs/scripting.md, "atrium.events").
//   atrium.events.publish(channel, name, data) -> id | nil, err
// `data` is any JSON-able value (a table usually). Expected failures (bad names, data too large,
// no events service) return nil and a message.
#include <string>

#include "host/lua/api.hpp"
#include "host/lua/engine_core.hpp"
#include "host/lua/lua_value.hpp"
#include "host/lua/worker_state.hpp"
#include "host/services/events/events_service.hpp"

namespace atrium::host::lua {

namespace {

int publish(lua_State* L) {
  size_t channel_len = 0;
  size_t name_len = 0;
  const char* channel = stringArgument(L, 1, &channel_len);
  if (channel == nullptr) return pushFailure(L, "events.publish: channel must be a string");
  const char* name = stringArgument(L, 2, &name_len);
  if (name == nullptr) return pushFailure(L, "events.publish: name must be a string");
  const ScriptApiContext& context = apiContext(L);
  events::EventsService* service = context.state->core().events();
  if (service == nullptr || !service->config().enabled) {
    return pushFailure(L, "events.publish: no events service");
  }
  std::string data = lua_isnoneornil(L, 3) ? std::string("null") : toJson(L, 3).dump();
  try {
    const uint64_t id = service->publish(std::string_view(channel, channel_len),
                                         std::string_view(name, name_len), data);
    lua_pushnumber(L, static_cast<lua_Number>(id));
    return 1;
  } catch (const events::PublishError& e) {
    return pushFailure(L, std::string("events.publish: ") + e.what());
  }
}

}  // namespace

void pushEventsApi(lua_State* L, ScriptApiContext& context) {
  static const ApiFunction kFunctions[] = {{"publish", &guarded<publish>}};
  lua_newtable(L);
  setFunctions(L, kFunctions, &context);
}

}  // namespace atrium::host::lua

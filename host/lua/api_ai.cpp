// atrium.ai.generate{prompt=, system=, messages=, temperature=, max_tokens=, provider=, model=,
// ...} or atrium.ai.generate{script=, ["function"]=, vars=} -> result | nil, err, fallback
// Text generation through the host's AI service (docs/ai.md). result is
// {text=, provider=, model=, finish_reason=, usage={unit=, prompt=, completion=}, attempts=,
// latency_ms=}; err is "<kind>: <reason>" (kind: invalid_request, unavailable, rate_limited,
// bad_response, refused, timeout, template_error) and fallback the template's text without AI
// ("" when none). A template runs on the caller's own Lua state, within its limits. Blocks up to
// ai.deadline, so only on worker-pool routes (like atrium.db).
#include <string>

#include "host/lua/api.hpp"
#include "host/lua/engine_core.hpp"
#include "host/lua/lua_state.hpp"
#include "host/lua/lua_value.hpp"
#include "host/lua/module_cache.hpp"
#include "host/lua/worker_state.hpp"
#include "host/services/ai/ai_service.hpp"

namespace atrium::host::lua {
namespace {

// Runs in lua_pcall: 1 = the template's ScriptRecord, 2 = function name, 3 = vars, 4 = the
// caller's context. Returns what the function returned.
int callTemplate(lua_State* L) {
  const auto* record = static_cast<const ScriptRecord*>(lua_touserdata(L, 1));
  auto* context = static_cast<ScriptApiContext*>(lua_touserdata(L, 4));
  context->state->modules().push(L, *record);
  lua_getfield(L, -1, lua_tostring(L, 2));
  if (!lua_isfunction(L, -1)) {
    return luaL_error(L, "%s has no function '%s'", record->id.c_str(), lua_tostring(L, 2));
  }
  lua_pushvalue(L, 3);
  lua_call(L, 1, 1);
  return 1;
}

int generate(lua_State* L) {
  ScriptApiContext& context = apiContext(L);
  if (context.state->nonblocking()) {
    return luaL_error(L,
                      "ai.generate: cannot wait for the AI provider on a nonblocking route "
                      "(remove `nonblocking: true` from the route)");
  }
  ai::AiService* service = context.state->core().ai();
  if (service == nullptr) return pushFailure(L, "unavailable: no AI service");
  if (!lua_istable(L, 1)) {
    return pushFailure(L, "invalid_request: ai.generate expects a table {prompt=, ...}");
  }
  nlohmann::json request;
  try {
    request = toJson(L, 1);
  } catch (const ConversionError& e) {
    return pushFailure(L, std::string("invalid_request: ") + e.what());
  }
  const ai::TemplateRenderer renderer =
      [L, &context](std::string_view script, std::string_view function, const nlohmann::json& vars,
                    std::string_view) -> nlohmann::json {
    const ScriptRecord* record = context.state->registry().find(script);
    if (record == nullptr || record->version == 0) {
      throw std::runtime_error("no script '" + std::string(script) + "'");
    }
    const int top = lua_gettop(L);
    lua_pushcfunction(L, callTemplate);
    lua_pushlightuserdata(L, const_cast<ScriptRecord*>(record));
    lua_pushlstring(L, function.data(), function.size());
    pushJson(L, vars);
    lua_pushlightuserdata(L, &context);
    if (lua_pcall(L, 4, 1, 0) != 0) {
      std::string message = lua_isstring(L, -1) ? lua_tostring(L, -1) : "error";
      lua_settop(L, top);
      throw std::runtime_error(message);
    }
    nlohmann::json spec;
    try {
      spec = toJson(L, -1);
    } catch (const ConversionError& e) {
      lua_settop(L, top);
      throw std::runtime_error(std::string("returned a value that is not JSON-able: ") + e.what());
    }
    lua_settop(L, top);
    return spec;
  };
  const ai::AiCaller caller{
      "lua." + context.script_id, {}, std::string(context.state->requestId())};
  nlohmann::json result;
  try {
    const WaitOutsideLua waiting(L);
    result = ai::toJson(service->generate(request, caller, &renderer));
  } catch (const ai::AiError& e) {
    lua_pushnil(L);
    const std::string err = std::string(ai::aiErrorKindName(e.kind())) + ": " + e.what();
    lua_pushlstring(L, err.data(), err.size());
    lua_pushlstring(L, e.fallback().data(), e.fallback().size());
    return 3;
  }
  pushJson(L, result);
  return 1;
}

constexpr ApiFunction kFunctions[] = {
    {"generate", guarded<generate>},
};

}  // namespace

void pushAiApi(lua_State* L, ScriptApiContext& context) {
  lua_createtable(L, 0, 1);
  setFunctions(L, kFunctions, &context);
}

}  // namespace atrium::host::lua

// atrium.template.render(text, vars, options?) -> text | nil, err. options.escape: "text"
// (default), "html" or "json" (see template_renderer.hpp).
#include <string>

#include "host/lua/api.hpp"
#include "host/lua/lua_value.hpp"
#include "host/lua/template_renderer.hpp"

namespace atrium::host::lua {
namespace {

// The escape named by options.escape, or false when it is not one.
bool escapeOption(lua_State* L, TemplateEscape& escape) {
  escape = TemplateEscape::kText;
  if (lua_isnoneornil(L, 3)) return true;
  if (!lua_istable(L, 3)) return false;
  lua_pushliteral(L, "escape");
  lua_rawget(L, 3);  // raw: no metamethod calls back into Lua from here
  const char* name = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : nullptr;
  const bool absent = lua_isnil(L, -1);
  const std::string_view value = name == nullptr ? std::string_view() : name;
  lua_pop(L, 1);
  if (absent || value == "text") return true;
  if (value == "html")
    escape = TemplateEscape::kHtml;
  else if (value == "json")
    escape = TemplateEscape::kJson;
  else
    return false;
  return true;
}

int render(lua_State* L) {
  size_t length = 0;
  const char* text = stringArgument(L, 1, &length);
  if (text == nullptr) return pushFailure(L, "template.render: the template must be a string");
  if (!lua_istable(L, 2)) return pushFailure(L, "template.render: vars must be a table");
  TemplateEscape escape{};
  if (!escapeOption(L, escape)) {
    return pushFailure(L, "template.render: options.escape must be \"text\", \"html\" or \"json\"");
  }
  nlohmann::json vars;
  try {
    vars = toJson(L, 2);
  } catch (const ConversionError& e) {
    return pushFailure(L, std::string("template.render: vars: ") + e.what());
  }
  const RenderResult result = renderTemplate({text, length}, vars, escape);
  if (!result.error.empty()) return pushFailure(L, "template.render: " + result.error);
  lua_pushlstring(L, result.text.data(), result.text.size());
  return 1;
}

constexpr ApiFunction kFunctions[] = {{"render", guarded<render>}};

}  // namespace

void pushTemplateApi(lua_State* L) {
  lua_createtable(L, 0, 1);
  setFunctions(L, kFunctions);
}

}  // namespace atrium::host::lua

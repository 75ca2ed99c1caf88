#pragma once

#include <string>
#include <string_view>

#include <lua.hpp>

// JSON text straight to and from Lua values, without an intermediate nlohmann::json document:
// the request path (script routes, rule calls from plugins) converts every call, and the
// document costs as much as the call itself. The rules are exactly those of lua_value.hpp
// (toJson(...).dump() and pushJson(json::parse(...)) give the same results; the tests check it):
// object keys come out sorted, invalid UTF-8 is replaced by U+FFFD, JSON null becomes
// atrium.json.null and arrays are marked.
namespace atrium::host::lua {

// Appends the value at `index` as compact JSON to `out`. Throws ConversionError naming the
// path of the offending value ("items[2].f: ..."); `out` then holds a partial text and the
// Lua stack is as it was.
void appendJsonText(lua_State* L, int index, std::string& out);

// Pushes the value `text` holds. Returns false, pushing nothing, when `text` is not one JSON
// value or nests deeper than kMaxDepth; `error` (when not null) then says why. Raises a Lua
// error only when memory runs out (call it inside a protected call, as every host function is).
bool pushJsonText(lua_State* L, std::string_view text, std::string* error = nullptr);

}  // namespace atrium::host::lua

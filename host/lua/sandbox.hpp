#pragma once

#include <lua.hpp>

#include "host/lua/api.hpp"

namespace atrium::host::lua {

struct ScriptRecord;

// Opens the safe libraries in a fresh state and keeps them as a prototype in the registry:
// base (assert error ipairs next pairs pcall xpcall select tonumber tostring type unpack
// rawequal rawget rawset getmetatable setmetatable _VERSION),
// coroutine, string (without dump), table, math, bit, os.time/date/clock. Never opened or
// removed: io, os (the rest), debug, ffi, jit, package, load, loadstring, loadfile, dofile,
// getfenv, setfenv, module, newproxy, gcinfo. collectgarbage answers "count" only. The string
// metatable is protected (getmetatable("") returns a string, not the library).
void prepareSandbox(lua_State* L);

// Pushes the environment of one script: an empty table whose reads go to the script's own
// globals (copies of the prototype's libraries, `require`, `print`) and whose writes raise
// "assignment to global 'x'"; reading an undefined global raises "undefined global 'x'".
void pushScriptEnvironment(lua_State* L, ScriptApiContext& context, const ScriptRecord& record);

}  // namespace atrium::host::lua

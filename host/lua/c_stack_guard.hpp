#pragma once

#include <lua.hpp>

namespace atrium::host::lua {

// LuaJIT (2.1-20230119, Debian's build) has no C-stack limit for Lua functions that C library
// functions call back: string.gsub with a function/table replacement that recurses into gsub,
// and nested coroutine.resume / coroutine.wrap, overflow the thread's C stack and crash the
// process (measured: SIGSEGV at ~1,000 levels on an 8 MB stack). Plain Lua recursion, pcall,
// metamethods and table.sort stop cleanly with "stack overflow".
// These wrappers count such nesting per state and raise "C stack overflow" past kMaxCDepth.
inline constexpr int kMaxCDepth = 100;

// Replaces string.gsub, coroutine.resume and coroutine.wrap in the state's library tables
// (before the sandbox copies them; string.gsub is also what ("x"):gsub finds).
void installCStackGuards(lua_State* L);

// For host functions that call back into Lua (print calls tostring): raises past the limit;
// the returned object gives the level back when it goes out of scope.
class CDepth {
 public:
  explicit CDepth(lua_State* L);
  ~CDepth();
  CDepth(const CDepth&) = delete;
  CDepth& operator=(const CDepth&) = delete;

 private:
  int& depth_;
};

}  // namespace atrium::host::lua

#include "host/lua/c_stack_guard.hpp"

#include "host/lua/lua_state.hpp"

namespace atrium::host::lua {
namespace {

// upvalue 1: the library function.
int guardedCall(lua_State* L) {
  const CDepth level(L);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

// coroutine.wrap(f): the function it returns resumes the coroutine, so it is guarded too.
int guardedWrap(lua_State* L) {
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  lua_pushcclosure(L, guardedCall, 1);
  return 1;
}

void replace(lua_State* L, const char* library, const char* name, lua_CFunction wrapper) {
  lua_getglobal(L, library);
  lua_getfield(L, -1, name);
  lua_pushcclosure(L, wrapper, 1);
  lua_setfield(L, -2, name);
  lua_pop(L, 1);
}

}  // namespace

CDepth::CDepth(lua_State* L) : depth_(limitsOf(L).c_depth) {
  if (depth_ >= kMaxCDepth) {
    luaL_error(L, "C stack overflow (more than %d nested gsub/coroutine/print calls)", kMaxCDepth);
  }
  ++depth_;
}

CDepth::~CDepth() { --depth_; }

void installCStackGuards(lua_State* L) {
  replace(L, "string", "gsub", guardedCall);
  replace(L, "coroutine", "resume", guardedCall);
  replace(L, "coroutine", "wrap", guardedWrap);
}

}  // namespace atrium::host::lua

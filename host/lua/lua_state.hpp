#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>

#include <lua.hpp>

#include "host/lua/engine_options.hpp"

namespace atrium::host::lua {

// The budgets of the call running on a state. It is the allocator's user data, so that the
// allocator and the count hook find it from any lua_State* (limitsOf).
struct StateLimits {
  size_t used = 0;            // bytes currently allocated by the state
  size_t memory_limit = 0;    // allocations beyond it fail ("not enough memory")
  bool memory_hit = false;    // an allocation was refused during the current call
  uint64_t instructions = 0;  // the call's budget
  uint64_t remaining = 0;     // instructions left (counted in hook periods)
  int period = 0;             // the count the hook is armed with
  int64_t time_limit_ns = 0;
  int64_t started_ns = 0;  // steady clock at the start of the call
  int64_t waited_ns = 0;   // spent waiting on the database (not counted)
  bool exhausted = false;  // the instruction budget or the time guard ran out
  bool time_exceeded = false;
  int c_depth = 0;              // nested C-to-Lua calls (c_stack_guard.hpp)
  lua_Alloc forward = nullptr;  // LuaJIT's own allocator, which does the work
  void* forward_data = nullptr;
  // Small blocks the state freed, kept for its next allocations of the same size class (a rule
  // call allocates and frees the same few dozen small tables and strings every time): one free
  // list per 16-byte class up to 256 bytes, linked through the blocks themselves. They go back
  // to LuaJIT's allocator when the state closes. Not counted in `used`.
  static constexpr size_t kGranule = 16;
  static constexpr size_t kPoolClasses = 16;  // blocks of 16, 32, ..., 256 bytes
  void* pool[kPoolClasses] = {};
};

// Owns one lua_State whose allocator enforces the ceiling, with the JIT compiler off (count
// hooks do not fire in compiled loops) and the count hook installed.
// Verified: Debian's libluajit2-5.1 (OpenResty branch, x86-64) is a GC64 build and accepts a
// custom allocator, both through lua_newstate (non-GC64 64-bit LuaJIT returns NULL there) and
// lua_setallocf. We wrap LuaJIT's built-in allocator (luaL_newstate, then lua_setallocf with a
// counting function that forwards to it) rather than malloc: its arena allocator made a rule call
// ~25% faster than glibc realloc. The built-in allocator is put back before lua_close, which
// only releases its arena when it finds it installed.
class LuaState {
 public:
  // Throws std::runtime_error when the state cannot be created.
  explicit LuaState(size_t memory_limit);
  ~LuaState();
  LuaState(const LuaState&) = delete;
  LuaState& operator=(const LuaState&) = delete;

  lua_State* get() const { return state_; }
  StateLimits& limits() { return *limits_; }
  // Resets the budgets for the next call.
  void armCall(const ScriptLimits& limits);

 private:
  std::unique_ptr<StateLimits> limits_;
  lua_State* state_ = nullptr;
};

StateLimits& limitsOf(lua_State* L);

inline int64_t steadyNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Time spent waiting for the database inside a call does not count against the time guard.
class WaitOutsideLua {
 public:
  explicit WaitOutsideLua(lua_State* L) : limits_(limitsOf(L)), started_(steadyNanos()) {}
  ~WaitOutsideLua() { limits_.waited_ns += steadyNanos() - started_; }
  WaitOutsideLua(const WaitOutsideLua&) = delete;
  WaitOutsideLua& operator=(const WaitOutsideLua&) = delete;

 private:
  StateLimits& limits_;
  int64_t started_;
};

}  // namespace atrium::host::lua

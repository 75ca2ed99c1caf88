#include "host/lua/lua_state.hpp"

#include <luajit.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

namespace atrium::host::lua {
namespace {

// Instructions between two checks of the budget and the clock (a check costs ~40 ns; LuaJIT
// already calls into C for every instruction while a count hook is set).
constexpr uint64_t kHookPeriod = 1000;

// The pool's class of a block of `size` bytes (1..256), or kPoolClasses when it is larger.
inline size_t poolClass(size_t size) {
  return size == 0 || size > StateLimits::kGranule * StateLimits::kPoolClasses
             ? StateLimits::kPoolClasses
             : (size - 1) / StateLimits::kGranule;
}

// A fresh block of `size` bytes: from the pool, else from LuaJIT's allocator (small blocks are
// asked for rounded up to their class, so that any block of the class fits any request of it).
inline void* take(StateLimits& limits, size_t size) {
  const size_t cls = poolClass(size);
  if (cls == StateLimits::kPoolClasses) {
    return limits.forward(limits.forward_data, nullptr, 0, size);
  }
  if (void* block = limits.pool[cls]) {
    limits.pool[cls] = *static_cast<void**>(block);
    return block;
  }
  return limits.forward(limits.forward_data, nullptr, 0, (cls + 1) * StateLimits::kGranule);
}

inline void give(StateLimits& limits, void* block, size_t size) {
  const size_t cls = poolClass(size);
  if (cls == StateLimits::kPoolClasses) {
    limits.forward(limits.forward_data, block, size, 0);
    return;
  }
  *static_cast<void**>(block) = limits.pool[cls];
  limits.pool[cls] = block;
}

// Resizing a block (string buffers, growing tables): out of line, so that the two common
// calls below keep a short prologue.
[[gnu::noinline]] void* resize(StateLimits& limits, void* block, size_t old_size, size_t new_size) {
  if (new_size > old_size && limits.used - old_size + new_size > limits.memory_limit) {
    limits.memory_hit = true;
    return nullptr;
  }
  void* moved = nullptr;
  if (poolClass(old_size) == poolClass(new_size) &&
      poolClass(new_size) != StateLimits::kPoolClasses) {
    moved = block;  // the block's class holds the new size too
  } else if (poolClass(old_size) == StateLimits::kPoolClasses &&
             poolClass(new_size) == StateLimits::kPoolClasses) {
    moved = limits.forward(limits.forward_data, block, old_size, new_size);
  } else {
    moved = take(limits, new_size);
    if (moved != nullptr) {
      std::memcpy(moved, block, std::min(old_size, new_size));
      give(limits, block, old_size);
    }
  }
  if (moved != nullptr) limits.used = limits.used - old_size + new_size;
  return moved;
}

void* allocate(void* user_data, void* block, size_t old_size, size_t new_size) {
  auto& limits = *static_cast<StateLimits*>(user_data);
  if (block == nullptr) {  // a new block; old_size is a type tag then, not a size
    if (new_size == 0) return nullptr;
    if (limits.used + new_size > limits.memory_limit) {
      limits.memory_hit = true;
      return nullptr;
    }
    void* fresh = take(limits, new_size);
    if (fresh != nullptr) limits.used += new_size;
    return fresh;
  }
  if (new_size == 0) {
    give(limits, block, old_size);
    limits.used -= old_size;
    return nullptr;
  }
  return resize(limits, block, old_size, new_size);
}

// The collector's ballast (Go's "GC ballast"). LuaJIT starts a collection cycle once the heap
// has grown to `pause` (200 %) of what the previous cycle left alive. A rule's state keeps only
// ~40 KB alive and a call leaves ~1 KB of garbage, so by default every ~40th call marked and
// swept the whole state: ~1,000 instructions a call on average, 5 % of a rule call. One untouched
// block that is never freed counts as live heap, so cycles come after max(live, ballast) bytes
// of garbage instead of after `live` bytes: a full userdata is marked in one step (its bytes are
// not scanned), LuaJIT's allocator maps a block this large straight from the kernel, and its
// pages are never written, so it costs address space, not memory. It is not counted in
// StateLimits::used (the memory ceiling is about the script's bytes); at most an eighth of the
// ceiling, so that a small ceiling is not dominated by garbage.
constexpr size_t kBallastBytes = 256 * 1024;

int makeBallast(lua_State* L) {
  const auto size = reinterpret_cast<uintptr_t>(lua_touserdata(L, 1));  // lua_cpcall's argument
  lua_newuserdata(L, size);
  luaL_ref(L, LUA_REGISTRYINDEX);  // alive as long as the state
  return 0;
}

void countHook(lua_State* L, lua_Debug* /*unused*/);

void arm(lua_State* L, StateLimits& limits, uint64_t period) {
  limits.period = static_cast<int>(std::max<uint64_t>(period, 1));
  lua_sethook(L, countHook, LUA_MASKCOUNT, limits.period);
}

// Runs every `period` instructions. Once the budget is gone it fires on every instruction, so
// that a script catching the error with pcall cannot keep running.
void countHook(lua_State* L, lua_Debug* /*unused*/) {
  StateLimits& limits = limitsOf(L);
  if (!limits.exhausted) {
    const uint64_t spent = static_cast<uint64_t>(limits.period);
    limits.remaining = limits.remaining > spent ? limits.remaining - spent : 0;
    const int64_t running = steadyNanos() - limits.started_ns - limits.waited_ns;
    limits.time_exceeded = running > limits.time_limit_ns;
    if (limits.remaining > 0 && !limits.time_exceeded) {
      arm(L, limits, std::min(limits.remaining, kHookPeriod));
      return;
    }
    limits.exhausted = true;
    arm(L, limits, 1);
  }
  if (limits.time_exceeded) {
    lua_pushfstring(L, "time limit exceeded (%d ms)",
                    static_cast<int>(limits.time_limit_ns / 1'000'000));
  } else {
    const std::string text =
        "instruction limit exceeded (" + std::to_string(limits.instructions) + ")";
    lua_pushlstring(L, text.data(), text.size());
  }
  lua_error(L);
}

}  // namespace

StateLimits& limitsOf(lua_State* L) {
  void* user_data = nullptr;
  lua_getallocf(L, &user_data);
  return *static_cast<StateLimits*>(user_data);
}

LuaState::LuaState(size_t memory_limit) : limits_(std::make_unique<StateLimits>()) {
  limits_->memory_limit = memory_limit;
  state_ = luaL_newstate();
  if (state_ == nullptr) throw std::runtime_error("luaL_newstate failed");
  limits_->forward = lua_getallocf(state_, &limits_->forward_data);
  const size_t ballast = std::min(kBallastBytes, memory_limit / 8);
  if (ballast > 0 && lua_cpcall(state_, makeBallast, reinterpret_cast<void*>(ballast)) != 0) {
    lua_close(state_);
    throw std::runtime_error("cannot allocate the Lua state's collector ballast");
  }
  limits_->used = static_cast<size_t>(lua_gc(state_, LUA_GCCOUNT, 0)) * 1024 +
                  static_cast<size_t>(lua_gc(state_, LUA_GCCOUNTB, 0)) - ballast;
  lua_setallocf(state_, allocate, limits_.get());
  luaJIT_setmode(state_, 0, LUAJIT_MODE_ENGINE | LUAJIT_MODE_OFF);
  limits_->remaining = kHookPeriod;
  arm(state_, *limits_, kHookPeriod);
}

LuaState::~LuaState() {
  if (state_ == nullptr) return;
  for (size_t cls = 0; cls < StateLimits::kPoolClasses; ++cls) {
    while (void* block = limits_->pool[cls]) {
      limits_->pool[cls] = *static_cast<void**>(block);
      limits_->forward(limits_->forward_data, block, (cls + 1) * StateLimits::kGranule, 0);
    }
  }
  lua_setallocf(state_, limits_->forward, limits_->forward_data);
  lua_close(state_);
}

void LuaState::armCall(const ScriptLimits& limits) {
  StateLimits& s = *limits_;
  s.memory_limit = limits.memory_bytes;
  s.memory_hit = false;
  s.instructions = limits.instructions;
  s.remaining = limits.instructions;
  s.exhausted = false;
  s.time_exceeded = false;
  s.time_limit_ns = static_cast<int64_t>(limits.run_time.count()) * 1'000'000;
  s.started_ns = steadyNanos();
  s.waited_ns = 0;
  s.c_depth = 0;
  arm(state_, s, std::min(limits.instructions, kHookPeriod));
}

}  // namespace atrium::host::lua

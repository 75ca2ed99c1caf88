#include "host/lua/lua_state.hpp"

#include <algorithm>
#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "tests/host/lua/lua_test_fixture.hpp"

namespace atrium::host::lua {
namespace {

using Kind = ScriptError::Kind;

TEST(LuaStateTest, CustomAllocatorIsAcceptedAndCounts) {
  LuaState state(8 * 1024 * 1024);
  ASSERT_NE(state.get(), nullptr);
  const size_t before = state.limits().used;
  EXPECT_GT(before, 0u);
  lua_createtable(state.get(), 1000, 0);
  EXPECT_GT(state.limits().used, before);
}

TEST(LuaStateTest, TheCeilingRefusesAllocations) {
  LuaState state(1024 * 1024);
  luaL_openlibs(state.get());
  EXPECT_NE(luaL_dostring(state.get(), "local s = string.rep('x', 4 * 1024 * 1024)"), 0);
  EXPECT_TRUE(state.limits().memory_hit);
  EXPECT_LE(state.limits().used, 1024u * 1024u);
}

// The collector's ballast is heap LuaJIT counts (so that cycles come after more garbage) but
// not the script's memory: `used` leaves it out, and it is an eighth of a small ceiling.
TEST(LuaStateTest, TheCollectorBallastIsNotTheScriptsMemory) {
  for (const size_t ceiling : {size_t{64} * 1024 * 1024, size_t{1024} * 1024}) {
    LuaState state(ceiling);
    const size_t heap = static_cast<size_t>(lua_gc(state.get(), LUA_GCCOUNT, 0)) * 1024 +
                        static_cast<size_t>(lua_gc(state.get(), LUA_GCCOUNTB, 0));
    const size_t ballast = std::min<size_t>(256 * 1024, ceiling / 8);
    EXPECT_GE(heap - state.limits().used, ballast) << "ceiling " << ceiling;
    EXPECT_LT(heap - state.limits().used, ballast + 1024) << "ceiling " << ceiling;
    EXPECT_LT(state.limits().used, 16u * 1024u) << "a bare state";
    // A full collection keeps it: it is referenced from the registry.
    lua_gc(state.get(), LUA_GCCOLLECT, 0);
    const size_t after = static_cast<size_t>(lua_gc(state.get(), LUA_GCCOUNT, 0)) * 1024;
    EXPECT_GE(after, ballast);
  }
}

// Small blocks are recycled through the state's pool: contents survive growth across size
// classes (16 bytes to past 256), the count returns to where it was once the garbage is
// collected, and repeated work reuses blocks instead of growing.
TEST(LuaStateTest, RecycledSmallBlocksKeepContentsAndTheCount) {
  LuaState state(64 * 1024 * 1024);
  luaL_openlibs(state.get());
  lua_gc(state.get(), LUA_GCCOLLECT, 0);
  const size_t before = state.limits().used;
  const char* work = R"(
    local t, parts = {}, {}
    for i = 1, 300 do t[i] = i; parts[#parts + 1] = string.rep("x", i % 40) .. i end
    local sum = 0
    for i = 1, 300 do sum = sum + t[i] end
    local text = table.concat(parts, ",")
    assert(sum == 45150, "sum " .. sum)
    assert(#text > 6000 and text:sub(1, 4) == "x1,x")
    local kept = {}
    for i = 1, 200 do kept[i] = {a = i, b = tostring(i), c = {i}} end
    for i = 1, 200 do assert(kept[i].a == i and kept[i].b == tostring(i) and kept[i].c[1] == i) end
  )";
  for (int round = 0; round < 20; ++round) {
    state.armCall(ScriptLimits{.instructions = 100'000'000,
                               .memory_bytes = 64 * 1024 * 1024,
                               .run_time = std::chrono::seconds(10)});
    ASSERT_EQ(luaL_dostring(state.get(), work), 0) << lua_tostring(state.get(), -1);
  }
  lua_gc(state.get(), LUA_GCCOLLECT, 0);
  lua_gc(state.get(), LUA_GCCOLLECT, 0);
  // Compiled chunks and interned strings may stay; the 20 rounds' tables and strings do not.
  EXPECT_LT(state.limits().used, before + 64 * 1024) << "before " << before;
}

class LimitsTest : public testing::LuaEngineTest {
 protected:
  void SetUp() override {
    script("bomb", R"(
local kept = {}
local M = {}
function M.rep() return #string.rep("x", 1024 * 1024 * 1024) end
function M.concat() local s = "x" for i = 1, 40 do s = s .. s end return #s end
function M.table() local t = {} for i = 1, 1e9 do t[i] = i end return #t end
function M.keep() for i = 1, 1e9 do kept[#kept + 1] = string.rep("y", 1000) .. i end end
function M.recurse() local function f(n) return 1 + f(n + 1) end return f(1) end
function M.recurse_tail() local function f(n) return f(n + 1) + 0 end return f(1) end
function M.while_loop() while true do end end
function M.for_loop() local x = 0 for i = 1, 1e15 do x = x + i end return x end
function M.repeat_loop() local i = 0 repeat i = i + 1 until false end
function M.pcall_loop() while true do pcall(function() while true do end end) end end
function M.rep_loop() for i = 1, 1e9 do local s = string.rep("z", 4 * 1024 * 1024) end end
function M.ok() return "fine" end
return M
)");
    EngineOptions o = options();
    o.limits.memory_bytes = 16 * 1024 * 1024;
    start(o);
  }

  void expectStopped(const char* function, Kind kind, const char* text) {
    const auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(failure("bomb", nullptr, function), kind) << function << ": " << last_error_;
    EXPECT_NE(last_error_.find(text), std::string::npos) << function << ": " << last_error_;
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3)) << function;
    EXPECT_EQ(call("bomb", nullptr, "ok"), "fine") << "after " << function;
  }
};

TEST_F(LimitsTest, MemoryBombsHitTheCeiling) {
  expectStopped("rep", Kind::kMemoryLimit, "not enough memory");
  expectStopped("concat", Kind::kMemoryLimit, "not enough memory");
  expectStopped("table", Kind::kMemoryLimit, "not enough memory");
  expectStopped("keep", Kind::kMemoryLimit, "not enough memory");
}

TEST_F(LimitsTest, DeepRecursionIsAStackOverflowError) {
  expectStopped("recurse", Kind::kRuntime, "stack overflow");
  expectStopped("recurse_tail", Kind::kRuntime, "stack overflow");
}

TEST_F(LimitsTest, RunawayLoopsAreStoppedByTheInstructionBudget) {
  expectStopped("while_loop", Kind::kInstructionLimit, "instruction limit exceeded");
  expectStopped("for_loop", Kind::kInstructionLimit, "instruction limit exceeded");
  expectStopped("repeat_loop", Kind::kInstructionLimit, "instruction limit exceeded");
  expectStopped("pcall_loop", Kind::kInstructionLimit, "instruction limit exceeded");
  EXPECT_NE(last_error_.find("bomb.lua:"), std::string::npos) << last_error_;
}

TEST_F(LimitsTest, CheapInstructionsWithExpensiveCallsHitTheTimeGuard) {
  expectStopped("rep_loop", Kind::kInstructionLimit, "time limit exceeded (500 ms)");
}

TEST_F(LimitsTest, TheBudgetIsPerCallAndPerScriptOverridesApply) {
  script("counter", R"(
return { handle = function(args) local x = 0 for i = 1, args.n do x = x + 1 end return x end }
)");
  EngineOptions o = options();
  o.per_script["counter"] = ScriptLimits{.instructions = 50'000, .memory_bytes = 0, .run_time = {}};
  start(o);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(call("counter", {{"n", 10'000}}), 10'000);
  EXPECT_EQ(failure("counter", {{"n", 100'000}}), Kind::kInstructionLimit);
  EXPECT_NE(last_error_.find("(50000)"), std::string::npos) << last_error_;
}

}  // namespace
}  // namespace atrium::host::lua

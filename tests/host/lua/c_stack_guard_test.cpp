#include "host/lua/c_stack_guard.hpp"

#include <string>

#include <gtest/gtest.h>

#include "tests/host/lua/lua_test_fixture.hpp"

namespace atrium::host::lua {
namespace {

using Kind = ScriptError::Kind;

// Each of these crashed the process (SIGSEGV, C stack) before the guards.
class CStackGuardTest : public testing::LuaEngineTest {};

TEST_F(CStackGuardTest, RecursionThroughCallbacksIsAnErrorNotACrash) {
  script("deep", R"(
local M = {}
function M.gsub_function() local function f(s) return (s:gsub(".", f)) end return f("ab") end
function M.gsub_library() local function f(s) return (string.gsub(s, ".", f)) end return f("ab") end
function M.gsub_table()
  local t = setmetatable({}, {__index = function(t, k) return (string.gsub("a", "a", t)) end})
  return t.x
end
function M.wrap() local function f() return (coroutine.wrap(f)()) end return f() end
function M.resume()
  local function f() local ok, e = coroutine.resume(coroutine.create(f)) error(e, 0) end
  return f()
end
function M.print()
  local mt = {}
  mt.__tostring = function() print(setmetatable({}, mt)) return "x" end
  print(setmetatable({}, mt))
end
function M.shallow()
  local out = {}
  local co = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end)
  for i = 1, 3 do out[i] = co() end
  return { (("abc"):gsub("%w", function(c) return c:upper() end)), out }
end
return M
)");
  start();
  for (const char* function :
       {"gsub_function", "gsub_library", "gsub_table", "wrap", "resume", "print"}) {
    EXPECT_EQ(failure("deep", nullptr, function), Kind::kRuntime) << function;
    EXPECT_NE(last_error_.find("C stack overflow"), std::string::npos) << last_error_;
  }
  EXPECT_EQ(call("deep", nullptr, "shallow"), nlohmann::json::parse(R"(["ABC", [1, 2, 3]])"));
}

}  // namespace
}  // namespace atrium::host::lua

#include "host/lua/sandbox.hpp"

#include <string>

#include <gtest/gtest.h>
#include <lua.hpp>

#include "tests/host/lua/lua_test_fixture.hpp"

namespace atrium::host::lua {
namespace {

using Kind = ScriptError::Kind;

class SandboxTest : public testing::LuaEngineTest {
 protected:
  // A script whose handle() runs `body`; the engine is (re)started so that it is compiled.
  void escape(const std::string& body) {
    script("escape",
           "local function handle(args)\n" + body + "\nend\nreturn { handle = handle }\n");
    script("ok", "return { handle = function() return 'fine' end }\n");
    start();
  }
  // The refused call raises a runtime error naming `expected`, and the thread's next call works.
  void expectRefused(const std::string& body, const std::string& expected) {
    escape(body);
    EXPECT_EQ(failure("escape"), Kind::kRuntime) << body;
    EXPECT_NE(last_error_.find(expected), std::string::npos) << last_error_;
    EXPECT_EQ(last_location_, "escape.lua:2") << last_error_;
    EXPECT_EQ(call("ok"), "fine");
  }
};

TEST_F(SandboxTest, NoIoOsExecuteDebugJitFfiPackage) {
  expectRefused("return io.open('/etc/passwd')", "undefined global 'io'");
  expectRefused("return os.execute('true')", "field 'execute'");
  expectRefused("return os.getenv('HOME')", "field 'getenv'");
  expectRefused("return debug.getinfo(1)", "undefined global 'debug'");
  expectRefused("return jit.on()", "undefined global 'jit'");
  expectRefused("return package.loadlib('libc.so.6', 'system')", "undefined global 'package'");
  expectRefused("local m = require('ffi') return m", "module 'ffi' not found");
  expectRefused("local m = require('jit') return m", "module 'jit' not found");
  expectRefused("local m = require('io') return m", "module 'io' not found");
}

TEST_F(SandboxTest, NoChunkLoadingNorEnvironmentAccess) {
  expectRefused("return load('return 1')", "undefined global 'load'");
  expectRefused("return loadstring('return 1')", "undefined global 'loadstring'");
  expectRefused("return dofile('/etc/passwd')", "undefined global 'dofile'");
  expectRefused("return loadfile('/etc/passwd')", "undefined global 'loadfile'");
  expectRefused("return getfenv(1)", "undefined global 'getfenv'");
  expectRefused("return setfenv(1, {})", "undefined global 'setfenv'");
  expectRefused("return _G", "undefined global '_G'");
  expectRefused("return newproxy(true)", "undefined global 'newproxy'");
  expectRefused("return string.dump(handle)", "field 'dump'");
  expectRefused("return ('x').dump(handle)", "field 'dump'");
  expectRefused("collectgarbage('stop')", "collectgarbage('stop') is not available");
}

TEST_F(SandboxTest, BytecodeCannotBeLoaded) {
  // Bytecode made outside the sandbox, handed to the script as an argument.
  lua_State* L = luaL_newstate();
  luaL_openlibs(L);
  ASSERT_EQ(luaL_dostring(L, "return string.dump(function() return 42 end)"), 0);
  size_t length = 0;
  const char* bytes = lua_tolstring(L, -1, &length);
  const std::string bytecode(bytes, length);
  lua_close(L);
  escape("return load(args.code)");
  EXPECT_EQ(
      failure("escape", {{"code", nlohmann::json::binary({bytecode.begin(), bytecode.end()})}}),
      Kind::kRuntime);
  EXPECT_NE(last_error_.find("undefined global 'load'"), std::string::npos) << last_error_;
  // A bytecode file in scripts_dir does not compile either.
  atrium::testing::writeFile(dir_ / "binary.lua", bytecode);
  start();
  EXPECT_EQ(failure("binary"), Kind::kCompile);
  EXPECT_NE(last_error_.find("binary.lua: attempt to load chunk with wrong mode"),
            std::string::npos)
      << last_error_;
}

TEST_F(SandboxTest, RequireOnlyResolvesScriptIds) {
  atrium::testing::writeFile(dir_.path().parent_path() / "outside.lua", "return {}");
  expectRefused("local m = require('../outside') return m", "is not a script id");
  expectRefused("local m = require('/etc/passwd') return m", "is not a script id");
  expectRefused("local m = require('a..b') return m", "is not a script id");
  expectRefused("local m = require('no/such/module') return m",
                "module 'no/such/module' not found");
  std::filesystem::remove(dir_.path().parent_path() / "outside.lua");
}

TEST_F(SandboxTest, GlobalsAreReadOnlyAndUndefinedOnesRaise) {
  expectRefused("counter = 1", "assignment to global 'counter'");
  expectRefused("string = nil", "assignment to global 'string'");
  expectRefused("print = function() end", "assignment to global 'print'");
  expectRefused("return undefined_thing + 1", "undefined global 'undefined_thing'");
  expectRefused("rawset(getmetatable(''), 'x', 1)", "bad argument #1 to 'rawset'");
}

TEST_F(SandboxTest, LibraryTablesArePerScript) {
  script("vandal",
         "string.upper = nil\nreturn { handle = function() return string.upper == nil end }\n");
  script("victim", "return { handle = function() return string.upper('ok') end }\n");
  start();
  EXPECT_EQ(call("vandal"), true);
  EXPECT_EQ(call("victim"), "OK");
  EXPECT_EQ(call("victim", nullptr), "OK");
}

TEST_F(SandboxTest, SafeLibrariesWork) {
  script("libs", R"(
return { handle = function()
  local t = {}
  for w in string.gmatch("a b c", "%a") do table.insert(t, w:upper()) end
  return {
    joined = table.concat(t, ","),
    floor = math.floor(2.7),
    band = bit.band(12, 10),
    year = tonumber(os.date("!%Y", 0)),
    clock = type(os.clock()),
    time = type(os.time()),
    co = coroutine.wrap(function() coroutine.yield(7) end)(),
    ok = select(2, pcall(error, "x", 0)),
    kb = collectgarbage("count") > 0,
    version = _VERSION,
  }
end }
)");
  start();
  EXPECT_EQ(call("libs"), (nlohmann::json{{"joined", "A,B,C"},
                                          {"floor", 2},
                                          {"band", 8},
                                          {"year", 1970},
                                          {"clock", "number"},
                                          {"time", "number"},
                                          {"co", 7},
                                          {"ok", "x"},
                                          {"kb", true},
                                          {"version", "Lua 5.1"}}));
}

TEST_F(SandboxTest, PrintGoesToTheLogWithScriptAndRequest) {
  escape("print('hello', 42, nil)\nreturn true");
  EXPECT_EQ(call("escape"), true);
  const std::string log = log_.text();
  EXPECT_NE(log.find("\"msg\":\"hello\\t42\\tnil\""), std::string::npos) << log;
  EXPECT_NE(log.find("\"request_id\":\"req-1\""), std::string::npos) << log;
  EXPECT_NE(log.find("\"script\":\"escape\""), std::string::npos) << log;
}

}  // namespace
}  // namespace atrium::host::lua

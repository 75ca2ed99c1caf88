#include "host/lua/script_engine.hpp"

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/host/lua/lua_test_fixture.hpp"

namespace atrium::host::lua {
namespace {

using Kind = ScriptError::Kind;
using namespace std::chrono_literals;

class ScriptEngineTest : public testing::LuaEngineTest {
 protected:
  // Calls until `expected` comes back or `timeout` passes; returns how long it took.
  std::chrono::milliseconds waitFor(const std::string& id, const nlohmann::json& expected,
                                    std::chrono::milliseconds timeout = 3000ms) {
    const auto started = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() - started < timeout) {
      try {
        if (call(id) == expected) break;
      } catch (const ScriptError&) {}
      std::this_thread::sleep_for(5ms);
    }
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 started);
  }
  EngineOptions watched() {
    EngineOptions o = options();
    o.reload_interval = 100ms;
    return o;
  }
};

TEST_F(ScriptEngineTest, TopLevelRunsOnceAndFileLocalsPersistAcrossCalls) {
  script("counter", R"(
local loads = 0
loads = loads + 1
local calls = 0
return { handle = function(args)
  calls = calls + 1
  return { calls = calls, loads = loads, echo = args.text }
end }
)");
  start();
  for (int i = 1; i <= 3; ++i) {
    EXPECT_EQ(call("counter", {{"text", "hi"}}),
              (nlohmann::json{{"calls", i}, {"loads", 1}, {"echo", "hi"}}));
  }
}

// A thread remembers the script it called last (no id hashing for a rule called in a loop):
// calls alternating between scripts, and an edit of one of them, still reach the right code.
TEST_F(ScriptEngineTest, AlternatingScriptsAndAnEditReachTheRightVersion) {
  script("a", "return { handle = function() return { who = 'a1' } end }");
  script("b", "return { handle = function() return { who = 'b' } end }");
  start();
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(call("a")["who"], "a1");
    EXPECT_EQ(call("a")["who"], "a1");
    EXPECT_EQ(call("b")["who"], "b");
  }
  script("a", "return { handle = function() return { who = 'a2' } end }");
  engine_->loadAll();
  EXPECT_EQ(call("a")["who"], "a2");
  EXPECT_EQ(call("b")["who"], "b");
  EXPECT_EQ(call("a")["who"], "a2");
  std::filesystem::remove(dir_ / "a.lua");
  engine_->loadAll();
  EXPECT_THROW(call("a"), ScriptError);
  EXPECT_EQ(call("b")["who"], "b");
}

TEST_F(ScriptEngineTest, CallContractJsonInJsonOut) {
  script("routes/hello", R"(
return { handle = function(req)
  return { status = 201, headers = { ["X-Who"] = req.params.name },
           body = { greeting = "hello " .. req.params.name, n = #req.body.items,
                    none = req.body.none == require("atrium").json.null } }
end }
)");
  start();
  const nlohmann::json request = {{"method", "POST"},
                                  {"path", "/hello/ann"},
                                  {"params", {{"name", "ann"}}},
                                  {"query", nlohmann::json::object()},
                                  {"headers", {{"content-type", "application/json"}}},
                                  {"body", {{"items", {1, 2, 3}}, {"none", nullptr}}},
                                  {"principal", nullptr}};
  EXPECT_EQ(call("routes/hello", request),
            nlohmann::json::parse(R"({"status":201,"headers":{"X-Who":"ann"},
              "body":{"greeting":"hello ann","n":3,"none":true}})"));
}

TEST_F(ScriptEngineTest, MissingScriptsAndFunctionsAndBadResults) {
  script("shapes", R"(
return {
  nothing = function() end,
  fn = function() return { f = print } end,
  cycle = function() local t = {} t.self = t return t end,
  nan = function() return 0/0 end,
  mixed = function() return { 1, 2, x = 3 } end,
  not_a_function = 42,
}
)");
  start();
  EXPECT_EQ(failure("nope"), Kind::kNotFound);
  EXPECT_EQ(failure("shapes", nullptr, "handle"), Kind::kNotFound);
  EXPECT_EQ(last_error_, "shapes.lua has no function 'handle'");
  EXPECT_EQ(failure("shapes", nullptr, "not_a_function"), Kind::kNotFound);
  EXPECT_EQ(call("shapes", nullptr, "nothing"), nullptr);
  EXPECT_EQ(failure("shapes", nullptr, "fn"), Kind::kBadResult);
  EXPECT_NE(last_error_.find("f: a function cannot be converted"), std::string::npos)
      << last_error_;
  EXPECT_EQ(failure("shapes", nullptr, "cycle"), Kind::kBadResult);
  EXPECT_NE(last_error_.find("nesting deeper than 100"), std::string::npos) << last_error_;
  EXPECT_EQ(failure("shapes", nullptr, "nan"), Kind::kBadResult);
  EXPECT_EQ(call("shapes", nullptr, "mixed"), (nlohmann::json{{"1", 1}, {"2", 2}, {"x", 3}}));
}

TEST_F(ScriptEngineTest, RuntimeErrorsCarryFileLineAndTheStateStaysUsable) {
  script("rules/broken", R"(
local M = {}
function M.handle(args)
  if args.fail then error("rule failed: " .. args.fail) end
  return "ok"
end
function M.table_error() error({ code = 1 }) end
return M
)");
  start();
  EXPECT_EQ(failure("rules/broken", {{"fail", "x"}}), Kind::kRuntime);
  EXPECT_EQ(last_error_, "rules/broken.lua:4: rule failed: x");
  EXPECT_EQ(last_location_, "rules/broken.lua:4");
  EXPECT_EQ(call("rules/broken", {{"fail", false}}), "ok");
  EXPECT_EQ(failure("rules/broken", nullptr, "table_error"), Kind::kRuntime);
  EXPECT_NE(last_error_.find("(error object is a table value)"), std::string::npos);
  EXPECT_NE(log_.text().find("\"kind\":\"runtime\""), std::string::npos);
}

TEST_F(ScriptEngineTest, AnEditIsLiveWithinASecondOnEveryThread) {
  script("live", "return { handle = function() return 1 end }\n");
  start(watched());
  constexpr int kThreads = 4;
  std::vector<std::thread> threads;
  std::atomic<int> warmed{0};
  std::atomic<bool> edited{false};
  std::vector<std::chrono::milliseconds> latency(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      EXPECT_EQ(call("live"), 1);  // this thread's state has version 1 loaded
      ++warmed;
      while (!edited) std::this_thread::sleep_for(1ms);
      latency[t] = waitFor("live", 2);
    });
  }
  while (warmed < kThreads) std::this_thread::sleep_for(1ms);
  script("live", "return { handle = function() return 2 end }\n");
  edited = true;
  for (auto& thread : threads) thread.join();
  for (const auto& ms : latency) EXPECT_LT(ms.count(), 1000);
  EXPECT_EQ(engine_->status().at(0).version, 2u);
}

TEST_F(ScriptEngineTest, ConcurrentCallsWhileTheFileIsRewrittenNeverFail) {
  script("busy", "return { handle = function(a) return { v = 0, n = a.n } end }\n");
  EngineOptions o = watched();
  o.reload_interval = 20ms;
  start(o);
  std::atomic<bool> done{false};
  std::atomic<int> failures{0};
  std::atomic<long> calls{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      while (!done) {
        try {
          const nlohmann::json result = call("busy", {{"n", t}});
          if (result.at("n") != t) ++failures;
        } catch (const std::exception& e) {
          ADD_FAILURE() << e.what();
          ++failures;
        }
        ++calls;
      }
    });
  }
  for (int v = 1; v <= 20; ++v) {
    script("busy", "local v = " + std::to_string(v) +
                       "\nreturn { handle = function(a) return { v = v, n = a.n } end }\n");
    std::this_thread::sleep_for(30ms);
  }
  const auto deadline = std::chrono::steady_clock::now() + 2s;
  while (call("busy", {{"n", 0}}).at("v") != 20 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  EXPECT_EQ(call("busy", {{"n", 0}}).at("v"), 20);
  done = true;
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures, 0);
  EXPECT_GT(calls, 1000);
}

TEST_F(ScriptEngineTest, ThreadsGetTheirOwnStatesWhichEndWithThem) {
  script("tid", "local n = 0\nreturn { handle = function() n = n + 1 return n end }\n");
  start();
  EXPECT_EQ(call("tid"), 1);
  EXPECT_EQ(call("tid"), 2);
  std::thread other([&] { EXPECT_EQ(call("tid"), 1); });  // another state
  other.join();
  EXPECT_EQ(call("tid"), 3);
}

}  // namespace
}  // namespace atrium::host::lua

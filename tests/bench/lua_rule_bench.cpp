// Micro-benchmarks of the Lua engine from C++ (not run by ctest):
//   build-lua/bench/bench_lua_rule
// BM_XpLevelRule: a realistic rule, table in -> table with a nested array out, through
// ScriptEngine::call (JSON in, JSON out, sandbox, budgets armed).
// BM_XpLevelRuleText: the same through ScriptEngine::callJson (JSON text both ways, as the
// plugin ABI calls rules).
// BM_TrivialCall: the fixed cost of one call.
// BM_InstructionRate: a tight loop of N instructions, to relate the instruction budget to time
// (the default ScriptLimits::instructions is ~50 ms of it on the reference machine).
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <benchmark/benchmark.h>

#include "host/common/logger.hpp"
#include "host/lua/script_engine.hpp"

namespace {

using atrium::host::lua::EngineOptions;
using atrium::host::lua::ScriptEngine;

constexpr const char* kXpRule = R"(
local M = {}
local thresholds = { 0, 100, 250, 500, 1000, 2000, 4000, 8000 }
local badge_rules = {
  { id = "first_steps", event = "lesson_done", count = 1 },
  { id = "streak_7", event = "daily_login", count = 7 },
  { id = "social", event = "friend_added", count = 3 },
}
function M.handle(input)
  local level = 1
  for i = #thresholds, 1, -1 do
    if input.xp >= thresholds[i] then level = i break end
  end
  local counts = {}
  for _, e in ipairs(input.events) do counts[e.type] = (counts[e.type] or 0) + 1 end
  local badges = {}
  for _, rule in ipairs(badge_rules) do
    if (counts[rule.event] or 0) >= rule.count then badges[#badges + 1] = rule.id end
  end
  return { level = level, next_level_xp = thresholds[level + 1] or thresholds[#thresholds],
           badges = badges }
end
function M.trivial() return true end
function M.spin(n) local x = 0 for i = 1, n do x = x + i end return x end
return M
)";

struct Fixture {
  std::filesystem::path dir;
  atrium::host::common::LogSink sink{2};
  std::unique_ptr<ScriptEngine> engine;
  Fixture() {
    char pattern[] = "/tmp/atrium-lua-bench-XXXXXX";
    dir = ::mkdtemp(pattern);
    std::filesystem::create_directories(dir / "kaya/rules");
    std::ofstream(dir / "kaya/rules/xp.lua") << kXpRule;
    EngineOptions options;
    options.scripts_dir = dir;
    options.reload_interval = std::chrono::milliseconds(0);
    options.limits.instructions = 4'000'000'000;
    options.limits.run_time = std::chrono::milliseconds(60'000);
    engine = std::make_unique<ScriptEngine>(options, sink, nullptr);
    engine->loadAll();
  }
  ~Fixture() { std::filesystem::remove_all(dir); }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

// `count` events of the user (8: a day's activity; 2: one request's new events).
nlohmann::json xpInput(int count) {
  static const char* const kTypes[] = {"lesson_done",  "daily_login", "daily_login",
                                       "friend_added", "lesson_done", "daily_login",
                                       "friend_added", "friend_added"};
  nlohmann::json events = nlohmann::json::array();
  for (int i = 0; i < count; ++i) events.push_back({{"type", kTypes[i % 8]}, {"at", 1700000000}});
  return {{"xp", 1234}, {"events", events}};
}

void BM_XpLevelRule(benchmark::State& state) {
  ScriptEngine& engine = *fixture().engine;
  const nlohmann::json input = xpInput(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    nlohmann::json out = engine.call("kaya/rules/xp", "handle", input, {"req"});
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_XpLevelRule)->Arg(8)->Arg(2);
BENCHMARK(BM_XpLevelRule)->Name("BM_XpLevelRule_fixed")->Arg(2)->Iterations(20000);
// Two threads (each its own Lua state, no shared lock): throughput should double on 2 cores.
BENCHMARK(BM_XpLevelRule)->Arg(2)->Threads(2)->UseRealTime();

// The same rule as a plugin calls it (ABI script_call): JSON text in, JSON text out, no document.
void BM_XpLevelRuleText(benchmark::State& state) {
  ScriptEngine& engine = *fixture().engine;
  const std::string input = xpInput(static_cast<int>(state.range(0))).dump();
  for (auto _ : state) {
    std::string out = engine.callJson("kaya/rules/xp", "handle", input, {"req"});
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_XpLevelRuleText)->Arg(8)->Arg(2);
// A fixed number of calls, for instruction counts under callgrind (per call = total / 20000;
// the engine is set up in main, outside the collected functions):
//   valgrind --tool=callgrind --toggle-collect='*BM_XpLevelRuleText*'
//            build/bench/bench_lua_rule --benchmark_filter='Text_fixed/2'
BENCHMARK(BM_XpLevelRuleText)->Name("BM_XpLevelRuleText_fixed")->Arg(2)->Arg(8)->Iterations(20000);

void BM_TrivialCall(benchmark::State& state) {
  ScriptEngine& engine = *fixture().engine;
  const nlohmann::json input = nullptr;
  for (auto _ : state) {
    nlohmann::json out = engine.call("kaya/rules/xp", "trivial", input, {"req"});
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_TrivialCall);
BENCHMARK(BM_TrivialCall)->Name("BM_TrivialCall_fixed")->Iterations(20000);

// ~4 VM instructions per iteration (ADDVV, FORL and the loop body).
void BM_InstructionRate(benchmark::State& state) {
  ScriptEngine& engine = *fixture().engine;
  const nlohmann::json n = state.range(0);
  for (auto _ : state) {
    nlohmann::json out = engine.call("kaya/rules/xp", "spin", n, {"req"});
    benchmark::DoNotOptimize(out);
  }
  state.counters["instructions_per_s"] = benchmark::Counter(
      static_cast<double>(state.range(0)) * 2 * static_cast<double>(state.iterations()),
      benchmark::Counter::kIsRate);
}
BENCHMARK(BM_InstructionRate)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  fixture();  // the engine and its scripts, before anything is measured
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

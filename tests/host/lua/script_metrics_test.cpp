#include "host/lua/script_metrics.hpp"

#include <chrono>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "host/lua/script_registry.hpp"

namespace atrium::host::lua {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;
using Kind = ScriptError::Kind;

std::shared_ptr<ScriptRecord> record(const std::string& id, const std::string& error) {
  auto r = std::make_shared<ScriptRecord>();
  r->id = id;
  r->error = error;
  return r;
}

bool has(const std::string& text, const std::string& line) {
  return text.find(line + "\n") != std::string::npos;
}

TEST(ScriptMetricsTest, CountsOutcomesAndCumulativeBuckets) {
  ScriptMetrics metrics;
  ScriptMetrics::Stats& rule = metrics.forScript("kaya/rules/xp");
  EXPECT_EQ(&rule, &metrics.forScript("kaya/rules/xp")) << "one set of counters per id";
  rule.record(std::nullopt, microseconds(3));              // <= 10 us
  rule.record(std::nullopt, microseconds(70));             // <= 100 us
  rule.record(std::nullopt, milliseconds(7000));           // +Inf
  rule.record(Kind::kRuntime, microseconds(20));           // <= 50 us
  rule.record(Kind::kInstructionLimit, milliseconds(60));  // <= 100 ms
  Registry registry;
  std::string out;
  metrics.renderPrometheus(out, registry);
  EXPECT_TRUE(has(out, "atrium_script_calls_total{script=\"kaya/rules/xp\",outcome=\"ok\"} 3"))
      << out;
  EXPECT_TRUE(
      has(out, "atrium_script_calls_total{script=\"kaya/rules/xp\",outcome=\"runtime\"} 1"));
  EXPECT_TRUE(has(
      out, "atrium_script_calls_total{script=\"kaya/rules/xp\",outcome=\"instruction_limit\"} 1"));
  EXPECT_EQ(out.find("outcome=\"memory_limit\""), std::string::npos) << "zero counts are left out";
  const std::string bucket =
      "atrium_script_call_duration_seconds_bucket{script=\"kaya/rules/xp\",le=";
  EXPECT_TRUE(has(out, bucket + "\"1e-05\"} 1")) << out;
  EXPECT_TRUE(has(out, bucket + "\"5e-05\"} 2"));
  EXPECT_TRUE(has(out, bucket + "\"0.0001\"} 3"));
  EXPECT_TRUE(has(out, bucket + "\"0.05\"} 3"));
  EXPECT_TRUE(has(out, bucket + "\"0.1\"} 4"));
  EXPECT_TRUE(has(out, bucket + "\"5\"} 4"));
  EXPECT_TRUE(has(out, bucket + "\"+Inf\"} 5"));
  EXPECT_TRUE(has(out, "atrium_script_call_duration_seconds_count{script=\"kaya/rules/xp\"} 5"));
  EXPECT_TRUE(
      has(out, "atrium_script_call_duration_seconds_sum{script=\"kaya/rules/xp\"} 7.060093"))
      << out;
}

TEST(ScriptMetricsTest, CompileErrorsComeFromTheRegistryAndLabelsAreEscaped) {
  ScriptMetrics metrics;
  Registry registry;
  registry.scripts["good"] = record("good", "");
  registry.scripts["bad\"id"] = record("bad\"id", "bad.lua:1: unexpected symbol");
  std::string out;
  metrics.renderPrometheus(out, registry);
  EXPECT_TRUE(has(out, "atrium_script_compile_error{script=\"good\"} 0")) << out;
  EXPECT_TRUE(has(out, "atrium_script_compile_error{script=\"bad\\\"id\"} 1")) << out;
  EXPECT_TRUE(has(out, "# TYPE atrium_script_calls_total counter"));
  EXPECT_TRUE(has(out, "# TYPE atrium_script_compile_error gauge"));
}

}  // namespace
}  // namespace atrium::host::lua

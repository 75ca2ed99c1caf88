// Script routes and script calls from plugins, through the real binary: the Lua engine serving
// HTTP, its errors and limits, and live reload under load.
#include <atomic>
#include <fstream>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/test_server.hpp"

namespace atrium::testing {
namespace {

using std::chrono::milliseconds;

const char* const kConfig = R"(product: scripts
server:
  listen: "127.0.0.1:0"
  worker_threads: 4
scripts:
  dir: "@TEST_DIR@/scripts"
  reload_interval: 100ms
  instruction_limit: 2000000
  config:
    app/hello: {greeting: "Salom"}
plugin_dirs: ["@PLUGIN_DIR@/test"]
plugins:
  - name: scripted
  - name: authkit
builtin:
  admin_roles: [ADMIN]
envelopes:
  product:
    error: {ok: false, error: "{{code}}", message: "{{message}}"}
defaults:
  envelope: product
routes:
  - {method: GET, path: /hello/:name, script: app/hello}
  - {method: POST, path: /echo, script: app/echo}
  - {method: GET, path: /shaped, script: app/shaped}
  - {method: GET, path: /version, script: app/version}
  - {method: GET, path: /fail, script: app/fail}
  - {method: GET, path: /loop, script: app/loop}
  - {method: POST, path: /call, handler: scripted.call}
  - {method: POST, path: /issue, handler: authkit.issue}
  - {method: GET, path: /fast/:name, script: app/hello, nonblocking: true}
  - {method: GET, path: /fast-db, script: app/query, nonblocking: true}
  - {method: GET, path: /fast-loop, script: app/loop, nonblocking: true}
)";

std::map<std::string, std::string> scripts() {
  return {
      {"scripts/app/hello.lua", R"(local atrium = require("atrium")
local calls = 0  -- file-scope state survives between calls
local function handle(req)
  calls = calls + 1
  return {message = atrium.config.greeting .. ", " .. req.params.name .. "!", calls = calls}
end
return {handle = handle}
)"},
      {"scripts/app/echo.lua", R"(return {handle = function(req)
  return {status = 201, headers = {["X-Echo"] = "yes"}, body = {got = req.body, ct = req.headers["content-type"]}}
end})"},
      {"scripts/app/shaped.lua", R"(return {handle = function(req)
  if req.query.missing then return {status = 404, error = {code = "not_found", message = "No such thing"}} end
  if req.query.empty then return nil end
  return {status = 200, headers = {["Content-Type"] = "text/csv"}, body = "a,b\n1,2\n"}
end})"},
      {"scripts/app/version.lua", "return {handle = function() return {v = 0} end}\n"},
      {"scripts/app/fail.lua", "return {handle = function() error(\"boom in script\") end}\n"},
      {"scripts/app/loop.lua", "return {handle = function() while true do end end}\n"},
      {"scripts/app/query.lua", R"(local atrium = require("atrium")
return {handle = function() return atrium.db.query("app.one", "SELECT 1 AS one") end})"},
      {"scripts/rules/double.lua",
       R"(return {double = function(args) return {n = args.n * 2} end})"},
  };
}

class ScriptIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    TestServerOptions options;
    options.files = scripts();
    server_ = std::make_unique<TestServer>(kConfig, options);
  }
  void TearDown() override {
    if (server_) {
      EXPECT_EQ(server_->stop(), 0);
    }
  }
  void writeScript(const std::string& relative, const std::string& text) {
    const auto path = server_->dir() / "scripts" / relative;
    const auto temp = path.string() + ".tmp";
    {
      std::ofstream out(temp, std::ios::binary | std::ios::trunc);
      out << text;
    }
    std::filesystem::rename(temp, path);  // editors save atomically too
  }
  std::unique_ptr<TestServer> server_;
};

TEST_F(ScriptIntegrationTest, ScriptRoutesServeJsonWithModuleState) {
  HttpClient client = server_->client();
  auto first = client.get("/hello/Ada");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.json()["message"], "Salom, Ada!");
  EXPECT_EQ(first.header("Content-Type"), "application/json");
  EXPECT_FALSE(first.header("X-Request-Id").empty());
  const int calls = first.json()["calls"];
  EXPECT_GE(client.get("/hello/Bo").json()["calls"].get<int>(), 1);
  EXPECT_GE(calls, 1);
}

TEST_F(ScriptIntegrationTest, NonblockingScriptRoutesRunOnTheReactor) {
  HttpClient client = server_->client();
  auto fast = client.get("/fast/Ada");
  ASSERT_EQ(fast.status, 200) << fast.body;
  EXPECT_EQ(fast.json()["message"], "Salom, Ada!");
  // Waiting for the database would stall the reactor: refused with a 500 and a log line that
  // says what to change.
  auto db = client.get("/fast-db");
  EXPECT_EQ(db.status, 500);
  EXPECT_EQ(db.json()["error"], "internal_error");
  // A runaway script on the reactor is still stopped by its budget, and the reactor serves on.
  EXPECT_EQ(client.get("/fast-loop").status, 500);
  EXPECT_EQ(client.get("/fast/Bo").status, 200);
  const std::string log = server_->logText();
  EXPECT_NE(log.find("cannot wait for the database on a nonblocking route"), std::string::npos)
      << log;
}

TEST_F(ScriptIntegrationTest, ScriptsShapeTheResponse) {
  HttpClient client = server_->client();
  auto echo = client.postJson("/echo", {{"a", 1}});
  EXPECT_EQ(echo.status, 201);
  EXPECT_EQ(echo.header("X-Echo"), "yes");
  EXPECT_EQ(echo.json()["got"], nlohmann::json({{"a", 1}}));
  EXPECT_EQ(echo.json()["ct"], "application/json");
  auto csv = client.get("/shaped");
  EXPECT_EQ(csv.status, 200);
  EXPECT_EQ(csv.header("Content-Type"), "text/csv");
  EXPECT_EQ(csv.body, "a,b\n1,2\n");
  auto missing = client.get("/shaped?missing=1");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.json(),
            nlohmann::json({{"ok", false}, {"error", "not_found"}, {"message", "No such thing"}}))
      << "the product's envelope";
  auto empty = client.get("/shaped?empty=1");
  EXPECT_EQ(empty.status, 204);
}

TEST_F(ScriptIntegrationTest, ScriptFailuresAre500sAndTheHostKeepsServing) {
  HttpClient client = server_->client();
  auto fail = client.get("/fail");
  EXPECT_EQ(fail.status, 500);
  EXPECT_EQ(fail.body.find("boom"), std::string::npos) << "detail stays in the log";
  auto loop = client.get("/loop");
  EXPECT_EQ(loop.status, 500);
  EXPECT_EQ(client.get("/hello/Ada").status, 200) << "the next call on that worker works";
  const std::string log = server_->logText();
  EXPECT_NE(log.find("boom in script"), std::string::npos) << log;
  EXPECT_NE(log.find("app/fail.lua:1"), std::string::npos) << "file:line in the log: " << log;
  EXPECT_NE(log.find("instruction_limit"), std::string::npos) << log;
}

// Per-script metrics on /metrics: calls by outcome (script routes and rules called by plugins
// alike), durations, and the compile-error gauge that an alert can watch.
TEST_F(ScriptIntegrationTest, MetricsCountCallsPerScriptAndOutcome) {
  HttpClient client = server_->client();
  ASSERT_EQ(client.get("/hello/Ada").status, 200);
  ASSERT_EQ(client.get("/hello/Bo").status, 200);
  ASSERT_EQ(client.get("/fail").status, 500);
  ASSERT_EQ(client.get("/loop").status, 500);
  ASSERT_EQ(client.postJson("/call?script=rules/double&fn=double", {{"n", 2}}).status, 200);
  writeScript("app/version.lua", "return {handle = function() return {v = 1 end}\n");
  std::string metrics;
  for (int i = 0; i < 60; ++i) {  // until the edit has been seen (reload_interval 100 ms)
    metrics = client.get("/metrics").body;
    if (metrics.find("atrium_script_compile_error{script=\"app/version\"} 1") !=
        std::string::npos) {
      break;
    }
    std::this_thread::sleep_for(milliseconds(50));
  }
  for (const std::string line :
       {"atrium_script_calls_total{script=\"app/hello\",outcome=\"ok\"} 2",
        "atrium_script_calls_total{script=\"app/fail\",outcome=\"runtime\"} 1",
        "atrium_script_calls_total{script=\"app/loop\",outcome=\"instruction_limit\"} 1",
        "atrium_script_calls_total{script=\"rules/double\",outcome=\"ok\"} 1",
        "atrium_script_call_duration_seconds_count{script=\"app/hello\"} 2",
        "atrium_script_call_duration_seconds_bucket{script=\"app/hello\",le=\"+Inf\"} 2",
        "atrium_script_compile_error{script=\"app/version\"} 1",
        "atrium_script_compile_error{script=\"app/hello\"} 0",
        "# TYPE atrium_script_call_duration_seconds histogram"}) {
    EXPECT_NE(metrics.find(line), std::string::npos) << line << "\n" << metrics;
  }
}

TEST_F(ScriptIntegrationTest, PluginsCallScriptRules) {
  HttpClient client = server_->client();
  auto ok = client.postJson("/call?script=rules/double&fn=double", {{"n", 21}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json()["result"], nlohmann::json({{"n", 42}}));
  auto unknown = client.postJson("/call?script=rules/nope&fn=double", {{"n", 1}});
  EXPECT_EQ(unknown.status, 500);
  auto bad_fn = client.postJson("/call?script=rules/double&fn=triple", {{"n", 1}});
  EXPECT_EQ(bad_fn.status, 500);
}

TEST_F(ScriptIntegrationTest, EditsAreLiveUnderLoadWithoutAFailedRequest) {
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::atomic<int> requests{0};
  std::atomic<int> latest{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t) {
    clients.emplace_back([&] {
      HttpClient client = server_->client();
      while (!stop) {
        auto response = client.get("/version");
        ++requests;
        if (response.status != 200) {
          ++failures;
          continue;
        }
        const int v = response.json()["v"];
        int seen = latest.load();
        while (v > seen && !latest.compare_exchange_weak(seen, v)) {}
      }
    });
  }
  for (int v = 1; v <= 20; ++v) {
    writeScript("app/version.lua",
                "return {handle = function() return {v = " + std::to_string(v) + "} end}\n");
    std::this_thread::sleep_for(milliseconds(60));
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  while (latest.load() < 20 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  stop = true;
  for (auto& thread : clients) thread.join();
  EXPECT_EQ(failures.load(), 0) << "of " << requests.load() << " requests";
  EXPECT_EQ(latest.load(), 20) << "the last edit was live within a second";
}

TEST_F(ScriptIntegrationTest, AdminScriptsNeedsAnAdminToken) {
  HttpClient client = server_->client();
  auto anonymous = client.get("/admin/scripts");
  EXPECT_EQ(anonymous.status, 401) << anonymous.body;
  EXPECT_EQ(anonymous.json()["error"], "unauthenticated") << anonymous.body;
  const std::string user =
      client.postJson("/issue", {{"sub", "u1"}, {"role", "USER"}}).json()["token"];
  auto forbidden = client.get("/admin/scripts", {{"Authorization", "Bearer " + user}});
  EXPECT_EQ(forbidden.status, 403) << forbidden.body;
  const std::string admin =
      client.postJson("/issue", {{"sub", "a1"}, {"role", "ADMIN"}}).json()["token"];
  auto ok = client.get("/admin/scripts", {{"Authorization", "Bearer " + admin}});
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_TRUE(ok.json()["scripts"].is_array());
}

TEST_F(ScriptIntegrationTest, AdminScriptsShowsVersionsAndCompileErrors) {
  HttpClient client = server_->client();
  const std::string admin =
      client.postJson("/issue", {{"sub", "a1"}, {"role", "ADMIN"}}).json()["token"];
  writeScript("app/version.lua", "return {handle = function() return {v = 1 end}\n");
  nlohmann::json version = nlohmann::json::object();
  auto hasError = [&] { return version.contains("error") && version["error"].is_string(); };
  for (int i = 0; i < 60 && !hasError(); ++i) {
    std::this_thread::sleep_for(milliseconds(50));
    auto status = client.get("/admin/scripts", {{"Authorization", "Bearer " + admin}});
    ASSERT_EQ(status.status, 200) << status.body;
    const nlohmann::json body = status.json();
    for (const auto& script : body["scripts"]) {
      if (script["id"] == "app/version") version = script;
    }
  }
  EXPECT_EQ(version["file"], "app/version.lua");
  EXPECT_EQ(version["serving"], true) << "the last good version keeps serving";
  ASSERT_TRUE(version["error"].is_string()) << version;
  EXPECT_NE(version["error"].get<std::string>().find("app/version.lua:1"), std::string::npos)
      << version;
}

TEST_F(ScriptIntegrationTest, ACompileErrorKeepsTheLastGoodVersion) {
  HttpClient client = server_->client();
  ASSERT_EQ(client.get("/version").json()["v"], 0);
  writeScript("app/version.lua", "return {handle = function() return {v = 1 end}\n");
  for (int i = 0; i < 60 && server_->logText().find("app/version.lua:1") == std::string::npos;
       ++i) {
    std::this_thread::sleep_for(milliseconds(50));
  }
  EXPECT_NE(server_->logText().find("app/version.lua:1"), std::string::npos) << server_->logText();
  auto still = client.get("/version");
  EXPECT_EQ(still.status, 200);
  EXPECT_EQ(still.json()["v"], 0);
}

TEST(ScriptStartupTest, UnknownScriptsAndCompileErrorsStopTheStart) {
  TempDir dir("atrium-script-start");
  dir.write("scripts/app/broken.lua", "return {handle = function( end}\n");
  const std::string config = std::string(R"(scripts:
  dir: scripts
routes:
  - {method: GET, path: /a, script: app/missing}
)");
  const std::string path = dir.write("app.yaml", config).string();
  RunResult result = runAtrium({"check-config", "--config", path});
  EXPECT_EQ(result.exit_code, 1) << result.stdout_text << result.stderr_text;
  EXPECT_NE(result.stderr_text.find("app/broken.lua:1"), std::string::npos) << result.stderr_text;
}

}  // namespace
}  // namespace atrium::testing

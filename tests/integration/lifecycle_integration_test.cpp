// Start-up and shutdown of the real binary: graceful drain on SIGTERM/SIGINT, fatal and
// precise start-up errors.
#include <csignal>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "tests/integration/integration_config.hpp"
#include "tests/support/test_server.hpp"

namespace atrium::testing {
namespace {

// serve opens the product's SQLite database (var/<product>.db, relative to the working
// directory) before it fails on these errors: run it in the test's temp dir.
RunOptions inDir(const TempDir& dir) {
  RunOptions options;
  options.working_dir = dir.path();
  return options;
}

using std::chrono::milliseconds;

// The value of atrium_http_requests_in_flight, which counts the /metrics request asking too.
int inFlight(TestServer& server) {
  const std::string body = server.client().get("/metrics").body;
  const std::string name = "\natrium_http_requests_in_flight ";
  auto at = body.find(name);
  return at == std::string::npos ? -1 : std::stoi(body.substr(at + name.size()));
}

// Waits until the server itself has `count` requests in flight (a fixed sleep is not enough on
// a loaded machine: the request may still sit unread in the socket).
bool waitInFlight(TestServer& server, int count) {
  for (int i = 0; i < 200; ++i) {
    if (inFlight(server) >= count) return true;
    std::this_thread::sleep_for(milliseconds(10));
  }
  return false;
}

void expectDrainOn(int sig) {
  TestServer server(hostCoreConfig());
  HttpClient slow(server.port(), milliseconds(5000));
  slow.connect();
  slow.sendRaw("GET /sleep?ms=800 HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(waitInFlight(server, 2)) << "the slow request never reached the server";
  ASSERT_TRUE(server.signal(sig));
  ASSERT_TRUE(server.waitForLog("shutting down").has_value());
  std::this_thread::sleep_for(milliseconds(100));
  // New connections are refused while the in-flight request finishes.
  HttpClient late(server.port(), milliseconds(1000));
  EXPECT_THROW(late.connect(), HttpClientError);
  auto res = slow.readResponse();
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.json()["slept_ms"], 800);
  // Signal 0 sends nothing: just wait for the exit the first signal started.
  EXPECT_EQ(server.stop(0, milliseconds(5000)), 0) << server.logText();
  EXPECT_TRUE(server.waitForLog("drained: every in-flight request was answered").has_value());
}

TEST(LifecycleTest, SigtermDrainsInFlightRequestsAndExitsZero) { expectDrainOn(SIGTERM); }

TEST(LifecycleTest, SigintDrainsToo) { expectDrainOn(SIGINT); }

TEST(LifecycleTest, IdleServerStopsPromptlyOnSigterm) {
  TestServer server(hostCoreConfig());
  EXPECT_EQ(server.client().get("/health").status, 200);
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(server.stop(SIGTERM), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - started, milliseconds(3000));
}

TEST(LifecycleTest, SighupDoesNotKill) {
  TestServer server(hostCoreConfig());
  ASSERT_TRUE(server.signal(SIGHUP));
  ASSERT_TRUE(server
                  .waitForLog("SIGHUP: scripts rescanned; the config file is not reloaded "
                              "(restart to apply it)")
                  .has_value());
  EXPECT_EQ(server.client().get("/health").status, 200);
}

TEST(LifecycleTest, AtriumListenOverridesConfig) {
  // --listen beats everything; without it ATRIUM_LISTEN beats the file.
  TestServerOptions options;
  options.listen = "";
  options.env["ATRIUM_LISTEN"] = "127.0.0.1:0";
  TestServer server(hostCoreConfig(), options);
  EXPECT_NE(server.port(), 0);
  EXPECT_EQ(server.client().get("/health").status, 200);
}

TEST(LifecycleTest, PortInUseIsAClearStartupError) {
  TestServer first(hostCoreConfig());
  TempDir dir;
  dir.write("c.yaml", hostCoreConfig());
  auto result = runAtrium({"serve", "--config", (dir / "c.yaml").string(), "--listen",
                           "127.0.0.1:" + std::to_string(first.port())},
                          {}, inDir(dir));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.stderr_text.find("cannot listen on 127.0.0.1:" + std::to_string(first.port())),
            std::string::npos)
      << result.stderr_text;
}

TEST(LifecycleTest, UnknownHandlerStopsStartup) {
  TempDir dir;
  dir.write("c.yaml", hostCoreConfig() + "  - {method: GET, path: /x, handler: testkit.nope}\n");
  auto result = runAtrium({"serve", "--config", (dir / "c.yaml").string()}, {}, inDir(dir));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.stderr_text.find("unknown handler 'testkit.nope'"), std::string::npos)
      << result.stderr_text;
  EXPECT_NE(result.stderr_text.find("c.yaml:"), std::string::npos) << result.stderr_text;
}

TEST(LifecycleTest, AuthOnARouteIsServedBehindTheAuthMiddleware) {
  // No secret in development: one is generated under var/ of the working directory.
  TestServer server(hostCoreConfig() +
                    "  - {method: GET, path: /x, handler: testkit.json, auth: required}\n");
  const auto res = server.client().get("/x");
  EXPECT_EQ(res.status, 401);
  EXPECT_EQ(res.header("WWW-Authenticate"), "Bearer realm=\"hostcore\"");
  EXPECT_TRUE(std::filesystem::exists(server.dir() / "var/hostcore.jwt_secret"));
  EXPECT_EQ(server.stop(), 0);
}

TEST(LifecycleTest, ARouteNamingAnUndefinedRateLimiterIsRefused) {
  TempDir dir;
  dir.write(
      "c.yaml",
      hostCoreConfig() + "  - {method: GET, path: /x, handler: testkit.json, rate_limit: login}\n");
  auto result = runAtrium({"serve", "--config", (dir / "c.yaml").string()}, {}, inDir(dir));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.stderr_text.find("unknown rate limiter 'login' (define it under rate_limits:)"),
            std::string::npos)
      << result.stderr_text;
}

}  // namespace
}  // namespace atrium::testing

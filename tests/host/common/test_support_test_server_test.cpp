// Tests of the test-support process harness (tests/support/test_server.*) with a fake `atrium`
// (a shell script), so the harness is proven before the real server exists.

#include <csignal>
#include <filesystem>
#include <string>

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include "tests/support/test_server.hpp"

namespace {

using atrium::testing::RunOptions;
using atrium::testing::TempDir;
using atrium::testing::TestServer;
using atrium::testing::TestServerError;
using atrium::testing::TestServerOptions;
using namespace std::chrono_literals;

// A fake server: records its arguments and environment, logs like atrium, exits 0 on SIGTERM.
constexpr const char* kFakeServer = R"(#!/bin/bash
printf '%s\n' "$@" > "$ATRIUM_TEST_DIR/args"
echo "$FAKE_EXTRA" > "$ATRIUM_TEST_DIR/extra"
pwd > "$ATRIUM_TEST_DIR/cwd"
echo 'not json: starting' >&2
echo '{"level":"info","msg":"listening","host":"0.0.0.0","port":4242}' >&2
trap 'echo "{\"msg\":\"stopped\"}" >&2; exit 0' TERM
trap 'echo "{\"msg\":\"reloaded\"}" >&2' HUP
while true; do sleep 0.05; done
)";

class TestSupportTestServer : public ::testing::Test {
 protected:
  TestServerOptions fakeOptions(const std::string& script = kFakeServer) {
    TestServerOptions options;
    options.binary = bin_.write("fake-atrium", script, /*executable=*/true).string();
    return options;
  }
  TempDir bin_{"atrium-fake-bin"};
};

TEST_F(TestSupportTestServer, StartsParsesPortAndStopsWithExitStatus) {
  auto options = fakeOptions();
  options.env["FAKE_EXTRA"] = "extra-value";
  std::filesystem::path dir;
  {
    TestServer server("data: @TEST_DIR@/db.sqlite\n", options);
    dir = server.dir();
    EXPECT_EQ(server.port(), 4242);
    EXPECT_EQ(server.host(), "127.0.0.1") << "a wildcard bind is reached on loopback";
    EXPECT_TRUE(server.running());
    EXPECT_EQ(atrium::testing::readFile(server.configPath()),
              "data: " + dir.string() + "/db.sqlite\n");
    EXPECT_EQ(atrium::testing::readFile(dir / "args"),
              "serve\n--config\n" + server.configPath().string() + "\n--listen\n127.0.0.1:0\n");
    EXPECT_EQ(atrium::testing::readFile(dir / "extra"), "extra-value\n");
    EXPECT_EQ(atrium::testing::readFile(dir / "cwd"), dir.string() + "\n");

    EXPECT_TRUE(server.signal(SIGHUP));
    EXPECT_TRUE(server.waitForLog("reloaded", 5s).has_value());
    EXPECT_EQ(server.stop(), 0);
    EXPECT_EQ(server.stop(), 0) << "a second stop returns the same status";
    EXPECT_FALSE(server.running());
    EXPECT_EQ(server.logLinesWithMsg("stopped").size(), 1u);
    EXPECT_EQ(server.logLines().size(), 3u) << "the non-JSON line is skipped";
    EXPECT_NE(server.logText().find("not json"), std::string::npos);
  }
  EXPECT_FALSE(std::filesystem::exists(dir)) << "the temp dir is removed after a passing test";
}

TEST_F(TestSupportTestServer, WritesExtraFilesAndPassesExtraArgs) {
  auto options = fakeOptions();
  options.files["scripts/a.lua"] = "return '@TEST_DIR@'";
  options.extra_args = {"--log-level", "debug"};
  options.listen = "";
  TestServer server("{}", options);
  EXPECT_EQ(atrium::testing::readFile(server.dir() / "scripts/a.lua"),
            "return '" + server.dir().string() + "'");
  EXPECT_EQ(atrium::testing::readFile(server.dir() / "args"),
            "serve\n--config\n" + server.configPath().string() + "\n--log-level\ndebug\n");
}

TEST_F(TestSupportTestServer, ThrowsWithTheLogWhenTheServerExitsBeforeListening) {
  auto options = fakeOptions("#!/bin/sh\necho 'config.yaml:3:1: unknown key \"x\"' >&2\nexit 2\n");
  try {
    TestServer server("x: 1\n", options);
    FAIL() << "expected TestServerError";
  } catch (const TestServerError& error) {
    std::string what = error.what();
    EXPECT_NE(what.find("status 2"), std::string::npos) << what;
    EXPECT_NE(what.find("unknown key"), std::string::npos) << what;
    auto start = what.find("/tmp/atrium-server.");
    ASSERT_NE(start, std::string::npos) << "the message names the log file";
    std::filesystem::path log(what.substr(start, what.find(')', start) - start));
    EXPECT_FALSE(std::filesystem::exists(log.parent_path())) << "the log tail is in the message";
  }
}

TEST_F(TestSupportTestServer, ThrowsWhenTheServerNeverListens) {
  auto options = fakeOptions("#!/bin/sh\nexec sleep 30\n");
  options.start_timeout = 300ms;
  auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(TestServer("{}", options), TestServerError);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST_F(TestSupportTestServer, WaitWaitsForAnExitWithoutSignalling) {
  TestServer server("{}", fakeOptions());
  EXPECT_TRUE(server.signal(SIGTERM));
  EXPECT_EQ(server.wait(5s), 0);
  EXPECT_EQ(server.logLinesWithMsg("stopped").size(), 1u);
  // A server that does not exit by itself is killed when wait() times out.
  TestServer idle("{}", fakeOptions());
  int status = 0;
  EXPECT_NONFATAL_FAILURE(status = idle.wait(100ms), "did not exit within 100 ms; killed");
  EXPECT_EQ(status, 128 + SIGKILL);
}

TEST_F(TestSupportTestServer, StopKillsAServerThatIgnoresTheSignalAndReportsAFailure) {
  auto options = fakeOptions(
      "#!/bin/bash\ntrap '' TERM\n"
      "echo '{\"msg\":\"listening\",\"host\":\"127.0.0.1\",\"port\":\"5000\"}' >&2\n"
      "while true; do sleep 0.05; done\n");
  TestServer server("{}", options);
  EXPECT_EQ(server.port(), 5000) << "a port given as a string is accepted";
  int status = 0;
  EXPECT_NONFATAL_FAILURE(status = server.stop(SIGTERM, 200ms), "did not exit");
  EXPECT_EQ(status, 128 + SIGKILL);
}

TEST_F(TestSupportTestServer, RunAtriumCapturesOutputsExitCodeAndStdin) {
  auto binary = bin_.write(
      "fake-cli", "#!/bin/bash\necho \"args:$*\"\necho \"env:$FAKE_X\" >&2\ncat\nexit 5\n", true);
  RunOptions options;
  options.binary = binary.string();
  options.stdin_text = "from stdin\n";
  auto result = atrium::testing::runAtrium({"check-config", "--config", "x.yaml"},
                                           {{"FAKE_X", "1"}}, options);
  EXPECT_EQ(result.exit_code, 5);
  EXPECT_FALSE(result.timed_out);
  EXPECT_EQ(result.stdout_text, "args:check-config --config x.yaml\nfrom stdin\n");
  EXPECT_EQ(result.stderr_text, "env:1\n");
}

TEST_F(TestSupportTestServer, RunAtriumKillsOnTimeout) {
  RunOptions options;
  options.binary = bin_.write("slow", "#!/bin/sh\nexec sleep 30\n", true).string();
  options.timeout = 200ms;
  auto result = atrium::testing::runAtrium({}, {}, options);
  EXPECT_TRUE(result.timed_out);
  EXPECT_EQ(result.exit_code, 128 + SIGKILL);
}

TEST_F(TestSupportTestServer, MissingBinaryIsAClearError) {
  TestServerOptions options;
  options.binary = "/nonexistent/atrium";
  try {
    TestServer server("{}", options);
    FAIL() << "expected TestServerError";
  } catch (const TestServerError& error) {
    EXPECT_NE(std::string(error.what()).find("make build"), std::string::npos);
  }
}

}  // namespace

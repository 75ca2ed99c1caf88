#pragma once

// Runs the real atrium binary for integration tests:
//
//   atrium::testing::TestServer server(R"(
//   plugins:
//     - path: @PLUGIN_DIR@/test/testkit.so
//   routes: ...
//   )");
//   auto response = server.client().get("/health");
//   EXPECT_EQ(response.status, 200);
//   EXPECT_EQ(server.stop(), 0);   // SIGTERM, drain, exit status
//
// and runs one-shot commands (check-config, plugin info, --version) with runAtrium().

#include <sys/types.h>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support/http_client.hpp"
#include "tests/support/paths.hpp"
#include "tests/support/temp_dir.hpp"

namespace atrium::testing {

class TestServerError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct TestServerOptions {
  std::string binary;                      // empty: atriumBinary() (build/atrium)
  std::map<std::string, std::string> env;  // added to (overriding) the inherited environment
  std::string listen = "127.0.0.1:0";      // value of --listen; empty: no --listen argument
  std::vector<std::string> extra_args;     // appended after `serve --config FILE --listen ...`
  // Extra files written into the temp dir before start: relative path -> content (scripts,
  // schemas, a second YAML fragment...). Placeholders are substituted as in the config.
  std::map<std::string, std::string> files;
  std::filesystem::path working_dir;  // empty: the temp dir
  // Serve this existing file as it is (its relative paths resolve from where it lives, as
  // `make run` does) instead of writing the config text into the temp dir.
  std::filesystem::path config_file;
  std::chrono::milliseconds start_timeout{10000};
};

// Starts `atrium serve --config <dir>/config.yaml --listen 127.0.0.1:0` in a fresh temp dir and
// waits until it logs {"msg":"listening", "port": N}. The config text may use placeholders:
//   @TEST_DIR@    the temp dir (for SQLite files, uploads...; also exported as ATRIUM_TEST_DIR)
//   @SOURCE_DIR@  the repository root       @BINARY_DIR@  the build directory
//   @PLUGIN_DIR@  build/plugins (fixture plugins are in @PLUGIN_DIR@/test)
// stderr goes to <dir>/atrium.log and stdout to <dir>/stdout.log. The child gets
// PR_SET_PDEATHSIG(SIGKILL), so a crashed test never leaves a server behind.
// Throws TestServerError (with the exit status and the last 40 log lines) when the server exits
// or does not listen in time; the temp dir is then removed (set ATRIUM_KEEP_TEST_DIRS=1 to keep).
class TestServer {
 public:
  explicit TestServer(const std::string& config_yaml, TestServerOptions options = {});
  // SIGKILL if still running; removes the temp dir unless the current test failed (then the
  // path and the last log lines are printed) or ATRIUM_KEEP_TEST_DIRS=1.
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  std::uint16_t port() const { return port_; }
  const std::string& host() const { return host_; }
  pid_t pid() const { return pid_; }
  const std::filesystem::path& dir() const { return dir_.path(); }
  std::filesystem::path configPath() const { return dir_.path() / "config.yaml"; }
  std::filesystem::path logPath() const { return dir_.path() / "atrium.log"; }
  std::filesystem::path stdoutPath() const { return dir_.path() / "stdout.log"; }

  // The server's stderr so far, raw and as parsed JSON lines (lines that are not JSON objects,
  // such as sanitizer reports, are skipped by logLines()).
  std::string logText() const;
  std::vector<nlohmann::json> logLines() const;
  // Log lines whose "msg" equals `msg`.
  std::vector<nlohmann::json> logLinesWithMsg(std::string_view msg) const;
  // Waits until a line with "msg" == msg appears; nullopt on timeout.
  std::optional<nlohmann::json> waitForLog(
      std::string_view msg, std::chrono::milliseconds timeout = std::chrono::seconds(5)) const;

  // A new keep-alive client for this server.
  HttpClient client(std::chrono::milliseconds timeout = std::chrono::seconds(10)) const {
    return HttpClient(host_, port_, timeout);
  }

  bool running();
  // Sends a signal without waiting (e.g. SIGHUP to reload). False if not running.
  bool signal(int sig);
  // Sends `sig` (0: none) and waits up to `timeout` for the exit. Returns the exit status: the exit
  // code, or 128 + N when killed by signal N. On timeout the process is SIGKILLed, the test gets a
  // non-fatal failure, and 128 + SIGKILL is returned. A second call returns the same status.
  int stop(int sig = SIGTERM, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Waits up to `timeout` for the process to exit by itself (after signal(SIGTERM), say)
  // without sending anything. Same return value and timeout handling as stop().
  int wait(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    return stop(0, timeout);
  }
  // Keep the temp dir after the test even if it passes.
  void keepDir() { dir_.keep(); }

 private:
  void waitUntilListening(std::chrono::milliseconds timeout);
  std::optional<int> reap(bool block);

  TempDir dir_;
  TestServerOptions options_;
  std::string host_ = "127.0.0.1";
  std::uint16_t port_ = 0;
  pid_t pid_ = -1;
  std::optional<int> exit_status_;
};

struct RunOptions {
  std::string binary;                        // empty: atriumBinary()
  std::filesystem::path working_dir;         // empty: inherit
  std::string stdin_text;                    // fed to the process's stdin
  std::chrono::milliseconds timeout{30000};  // then SIGKILL; timed_out is set
};

struct RunResult {
  int exit_code = -1;  // exit code, or 128 + N when killed by signal N
  std::string stdout_text;
  std::string stderr_text;
  bool timed_out = false;
};

// Runs `atrium <args...>` to completion with the inherited environment plus `env`.
RunResult runAtrium(const std::vector<std::string>& args,
                    const std::map<std::string, std::string>& env = {},
                    const RunOptions& options = {});

// Replaces @TEST_DIR@, @SOURCE_DIR@, @BINARY_DIR@ and @PLUGIN_DIR@ (see TestServer).
std::string substitutePlaceholders(std::string text, const std::filesystem::path& test_dir);

}  // namespace atrium::testing

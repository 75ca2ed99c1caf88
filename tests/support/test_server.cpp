#include "tests/support/test_server.hpp"

#include <signal.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstdio>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "tests/support/child_process.hpp"

namespace atrium::testing {
namespace {

void replaceAll(std::string& text, std::string_view from, const std::string& to) {
  for (std::size_t pos = text.find(from); pos != std::string::npos;
       pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
}

std::string resolveBinary(const std::string& given) {
  std::string binary = given.empty() ? atriumBinary() : given;
  if (!std::filesystem::exists(binary)) {
    throw TestServerError("atrium binary not found: " + binary + " (build it first: make build)");
  }
  return binary;
}

std::vector<nlohmann::json> parseJsonLines(const std::string& text) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.front() != '{') continue;
    auto parsed = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_object()) lines.push_back(std::move(parsed));
  }
  return lines;
}

std::string tail(const std::string& text, std::size_t max_lines) {
  std::size_t pos = text.size();
  std::size_t lines = 0;
  while (pos > 0 && lines <= max_lines) {
    pos = text.rfind('\n', pos - 1);
    if (pos == std::string::npos) return text;
    ++lines;
  }
  return text.substr(pos == 0 ? 0 : pos + 1);
}

std::string readIfExists(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return {};
  return readFile(path);
}

}  // namespace

std::string substitutePlaceholders(std::string text, const std::filesystem::path& test_dir) {
  replaceAll(text, "@TEST_DIR@", test_dir.string());
#ifdef ATRIUM_SOURCE_DIR
  replaceAll(text, "@SOURCE_DIR@", sourceDir().string());
#endif
#ifdef ATRIUM_BINARY_DIR
  replaceAll(text, "@BINARY_DIR@", binaryDir().string());
#endif
#ifdef ATRIUM_PLUGIN_DIR
  replaceAll(text, "@PLUGIN_DIR@", pluginDir().string());
#endif
  return text;
}

TestServer::TestServer(const std::string& config_yaml, TestServerOptions options)
    : dir_("atrium-server"), options_(std::move(options)) {
  const std::string binary = resolveBinary(options_.binary);
  if (options_.config_file.empty()) {
    writeFile(configPath(), substitutePlaceholders(config_yaml, dir_.path()));
  }
  for (const auto& [relative, content] : options_.files) {
    writeFile(dir_.path() / relative, substitutePlaceholders(content, dir_.path()));
  }

  SpawnSpec spec;
  spec.binary = binary;
  spec.args = {
      "serve", "--config",
      options_.config_file.empty() ? configPath().string() : options_.config_file.string()};
  if (!options_.listen.empty()) {
    spec.args.emplace_back("--listen");
    spec.args.push_back(options_.listen);
  }
  spec.args.insert(spec.args.end(), options_.extra_args.begin(), options_.extra_args.end());
  spec.env = options_.env;
  spec.env.emplace("ATRIUM_TEST_DIR", dir_.path().string());
  spec.working_dir = options_.working_dir.empty() ? dir_.path() : options_.working_dir;
  spec.stdout_path = stdoutPath();
  spec.stderr_path = logPath();
  pid_ = spawnProcess(spec);
  try {
    waitUntilListening(options_.start_timeout);
  } catch (...) {
    // The exception carries the log tail; the dir goes unless ATRIUM_KEEP_TEST_DIRS=1.
    if (!exit_status_) {
      ::kill(pid_, SIGKILL);
      reap(true);
    }
    throw;
  }
}

TestServer::~TestServer() {
  if (pid_ > 0 && !exit_status_) {
    ::kill(pid_, SIGKILL);
    reap(true);
  }
  const bool failed = ::testing::Test::HasFailure();
  if (failed || dir_.kept()) {
    dir_.keep();
    std::fprintf(stderr, "TestServer: kept %s (server log: %s)\n", dir_.path().c_str(),
                 logPath().c_str());
    if (failed) {
      std::fprintf(stderr, "---- last lines of the server log ----\n%s\n----\n",
                   tail(readIfExists(logPath()), 40).c_str());
    }
  }
}

std::optional<int> TestServer::reap(bool block) {
  if (exit_status_) return exit_status_;
  if (pid_ <= 0) return std::nullopt;
  int status = 0;
  for (;;) {
    pid_t rc = ::waitpid(pid_, &status, block ? 0 : WNOHANG);
    if (rc == pid_) {
      exit_status_ = exitStatusFromWait(status);
      return exit_status_;
    }
    if (rc < 0 && errno == EINTR) continue;
    return std::nullopt;
  }
}

void TestServer::waitUntilListening(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    for (const auto& line : logLines()) {
      if (line.value("msg", "") != "listening") continue;
      const auto& port = line.contains("port") ? line["port"] : nlohmann::json();
      long value = port.is_number_integer() ? port.get<long>()
                   : port.is_string() ? std::strtol(port.get<std::string>().c_str(), nullptr, 10)
                                      : 0;
      if (value <= 0 || value > 65535) {
        throw TestServerError("'listening' log line without a valid port: " + line.dump());
      }
      port_ = static_cast<std::uint16_t>(value);
      if (line.contains("host") && line["host"].is_string()) {
        std::string host = line["host"].get<std::string>();
        // A wildcard bind is reachable on loopback.
        host_ = host == "0.0.0.0" || host.empty() ? "127.0.0.1" : host == "::" ? "::1" : host;
      }
      return;
    }
    if (auto status = reap(false)) {
      throw TestServerError("atrium exited with status " + std::to_string(*status) +
                            " before listening; log (" + logPath().string() + "):\n" +
                            tail(logText(), 40));
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      throw TestServerError("atrium did not log \"listening\" within " +
                            std::to_string(timeout.count()) + " ms; log (" + logPath().string() +
                            "):\n" + tail(logText(), 40));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::string TestServer::logText() const { return readIfExists(logPath()); }

std::vector<nlohmann::json> TestServer::logLines() const { return parseJsonLines(logText()); }

std::vector<nlohmann::json> TestServer::logLinesWithMsg(std::string_view msg) const {
  std::vector<nlohmann::json> out;
  for (auto& line : logLines()) {
    if (line.value("msg", "") == msg) out.push_back(std::move(line));
  }
  return out;
}

std::optional<nlohmann::json> TestServer::waitForLog(std::string_view msg,
                                                     std::chrono::milliseconds timeout) const {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto lines = logLinesWithMsg(msg);
    if (!lines.empty()) return lines.front();
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

bool TestServer::running() { return pid_ > 0 && !reap(false).has_value(); }

bool TestServer::signal(int sig) { return running() && ::kill(pid_, sig) == 0; }

int TestServer::stop(int sig, std::chrono::milliseconds timeout) {
  if (exit_status_) return *exit_status_;
  if (pid_ <= 0) return -1;
  if (sig != 0) ::kill(pid_, sig);
  if (auto status = waitForExit(pid_, timeout)) {
    exit_status_ = status;
    return *status;
  }
  ADD_FAILURE() << "atrium (pid " << pid_ << ") did not exit within " << timeout.count() << " ms"
                << (sig != 0 ? " of signal " + std::to_string(sig) : std::string()) << "; killed";
  ::kill(pid_, SIGKILL);
  reap(true);
  return exit_status_.value_or(128 + SIGKILL);
}

RunResult runAtrium(const std::vector<std::string>& args,
                    const std::map<std::string, std::string>& env, const RunOptions& options) {
  TempDir io("atrium-run");
  SpawnSpec spec;
  spec.binary = resolveBinary(options.binary);
  spec.args = args;
  spec.env = env;
  spec.working_dir = options.working_dir;
  spec.stdin_path = io.write("stdin", options.stdin_text);
  spec.stdout_path = io / "stdout";
  spec.stderr_path = io / "stderr";
  pid_t pid = spawnProcess(spec);

  RunResult result;
  if (auto status = waitForExit(pid, options.timeout)) {
    result.exit_code = *status;
  } else {
    result.timed_out = true;
    ::kill(pid, SIGKILL);
    int wait_status = 0;
    while (::waitpid(pid, &wait_status, 0) < 0 && errno == EINTR) {}
    result.exit_code = exitStatusFromWait(wait_status);
  }
  result.stdout_text = readIfExists(io / "stdout");
  result.stderr_text = readIfExists(io / "stderr");
  return result;
}

}  // namespace atrium::testing

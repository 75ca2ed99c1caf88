#include "tests/support/child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <thread>
#include <utility>

extern char** environ;

namespace atrium::testing {
namespace {

// Writes a message with write(2) only: async-signal-safe, usable between fork and exec.
void childFail(const char* what, const char* detail) {
  const char* reason = std::strerror(errno);
  auto put = [](const char* s) {
    ssize_t ignored = ::write(2, s, std::strlen(s));
    (void)ignored;
  };
  put("spawnProcess: ");
  put(what);
  put(" ");
  put(detail);
  put(": ");
  put(reason);
  put("\n");
  ::_exit(127);
}

void redirect(const std::filesystem::path& path, int target_fd, int flags) {
  const char* name = path.empty() ? "/dev/null" : path.c_str();
  int fd = ::open(name, flags | O_CLOEXEC, 0644);
  if (fd < 0) childFail("open", name);
  if (::dup2(fd, target_fd) < 0) childFail("dup2", name);
  ::close(fd);
}

}  // namespace

pid_t spawnProcess(const SpawnSpec& spec) {
  // Everything the child needs is built before fork: after it only async-signal-safe calls.
  std::map<std::string, std::string> env_map;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string entry(*e);
    auto eq = entry.find('=');
    if (eq == std::string::npos) continue;
    env_map[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto& [key, value] : spec.env) env_map[key] = value;
  std::vector<std::string> env_strings;
  env_strings.reserve(env_map.size());
  for (const auto& [key, value] : env_map) {
    std::string entry = key;
    entry.append("=").append(value);
    env_strings.push_back(std::move(entry));
  }
  std::vector<char*> envp;
  envp.reserve(env_strings.size() + 1);
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);

  std::vector<std::string> arg_strings;
  arg_strings.push_back(spec.binary);
  arg_strings.insert(arg_strings.end(), spec.args.begin(), spec.args.end());
  std::vector<char*> argv;
  argv.reserve(arg_strings.size() + 1);
  for (auto& s : arg_strings) argv.push_back(s.data());
  argv.push_back(nullptr);

  const pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // the parent died before prctl
    // Signals ignored or blocked in the test process must not leak into the server.
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGPIPE, SIG_DFL);
    redirect(spec.stdout_path, 1, O_WRONLY | O_CREAT | O_TRUNC);
    redirect(spec.stderr_path, 2, O_WRONLY | O_CREAT | O_TRUNC);
    redirect(spec.stdin_path, 0, O_RDONLY);
    if (!spec.working_dir.empty() && ::chdir(spec.working_dir.c_str()) != 0) {
      childFail("chdir", spec.working_dir.c_str());
    }
    ::execve(argv[0], argv.data(), envp.data());
    childFail("execve", argv[0]);
  }
  return pid;
}

int exitStatusFromWait(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return -1;
}

std::optional<int> waitForExit(pid_t pid, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  auto pause = std::chrono::milliseconds(1);
  for (;;) {
    int status = 0;
    pid_t rc = ::waitpid(pid, &status, WNOHANG);
    if (rc == pid) return exitStatusFromWait(status);
    if (rc < 0 && errno != EINTR) {
      throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(pause);
    if (pause < std::chrono::milliseconds(20)) pause *= 2;
  }
}

}  // namespace atrium::testing

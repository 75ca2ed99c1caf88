#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace atrium::testing {

struct SpawnSpec {
  std::string binary;
  std::vector<std::string> args;           // without argv[0]
  std::map<std::string, std::string> env;  // added to (overriding) the inherited environment
  std::filesystem::path working_dir;       // empty: inherit
  std::filesystem::path stdin_path;        // empty: /dev/null
  std::filesystem::path stdout_path;       // empty: /dev/null
  std::filesystem::path stderr_path;       // empty: /dev/null
};

// fork + execve. The child dies with SIGKILL if the spawning thread exits (PR_SET_PDEATHSIG).
// An exec failure shows as exit code 127 with the reason written to the child's stderr.
// Throws std::runtime_error when fork fails.
pid_t spawnProcess(const SpawnSpec& spec);

// Exit status of a waitpid status word: the exit code, or 128 + N when killed by signal N.
int exitStatusFromWait(int wait_status);

// Waits up to `timeout` for `pid` to exit; the exit status (as above) or nullopt on timeout.
std::optional<int> waitForExit(pid_t pid, std::chrono::milliseconds timeout);

}  // namespace atrium::testing

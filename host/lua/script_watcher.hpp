#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace atrium::host::lua {

class ScriptCatalog;

// A thread that rescans the scripts directory every `interval` (stat of every *.lua file: size
// and mtime). Polling rather than inotify: it also works on bind mounts and network file
// systems, and a pass over a few hundred files costs microseconds.
class ScriptWatcher {
 public:
  ScriptWatcher(ScriptCatalog& catalog, std::chrono::milliseconds interval);
  ~ScriptWatcher();  // stops and joins
  ScriptWatcher(const ScriptWatcher&) = delete;
  ScriptWatcher& operator=(const ScriptWatcher&) = delete;

 private:
  void run();

  ScriptCatalog& catalog_;
  const std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace atrium::host::lua

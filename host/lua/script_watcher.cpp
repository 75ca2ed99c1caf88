#include "host/lua/script_watcher.hpp"

#include <exception>

#include "host/lua/script_catalog.hpp"

namespace atrium::host::lua {

ScriptWatcher::ScriptWatcher(ScriptCatalog& catalog, std::chrono::milliseconds interval)
    : catalog_(catalog), interval_(interval), thread_([this] { run(); }) {}

ScriptWatcher::~ScriptWatcher() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void ScriptWatcher::run() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
    lock.unlock();
    try {
      catalog_.scan(true);
    } catch (const std::exception&) {
      // A failing pass (e.g. the directory vanished mid-scan) is retried on the next tick.
    }
    lock.lock();
  }
}

}  // namespace atrium::host::lua

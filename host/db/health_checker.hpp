#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace atrium::host::db {

// Runs `check` on its own thread every `interval` until destroyed (the destructor wakes the
// thread and joins it). Used to notice a lost database, and its return, without traffic.
class HealthChecker {
 public:
  HealthChecker(std::chrono::milliseconds interval, std::function<void()> check);
  ~HealthChecker();
  HealthChecker(const HealthChecker&) = delete;
  HealthChecker& operator=(const HealthChecker&) = delete;

 private:
  void run();

  std::chrono::milliseconds interval_;
  std::function<void()> check_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts after the members it uses exist
};

}  // namespace atrium::host::db

#include "host/db/health_checker.hpp"

#include <utility>

namespace atrium::host::db {

HealthChecker::HealthChecker(std::chrono::milliseconds interval, std::function<void()> check)
    : interval_(interval), check_(std::move(check)), thread_([this] { run(); }) {}

HealthChecker::~HealthChecker() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void HealthChecker::run() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
    lock.unlock();
    try {
      check_();
    } catch (...) {
      // A check that throws is a failed check; the next one runs on schedule.
    }
    lock.lock();
  }
}

}  // namespace atrium::host::db

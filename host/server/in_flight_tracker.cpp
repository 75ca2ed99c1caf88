#include "host/server/in_flight_tracker.hpp"

namespace atrium::host::server {

void InFlightTracker::begin() {
  std::lock_guard lock(mutex_);
  ++count_;
}

void InFlightTracker::end() {
  bool idle = false;
  {
    std::lock_guard lock(mutex_);
    idle = (--count_ == 0);
  }
  if (idle) idle_.notify_all();
}

int64_t InFlightTracker::count() const {
  std::lock_guard lock(mutex_);
  return count_;
}

bool InFlightTracker::waitIdle(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return idle_.wait_for(lock, timeout, [this] { return count_ == 0; });
}

}  // namespace atrium::host::server

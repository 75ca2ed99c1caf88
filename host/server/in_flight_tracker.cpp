#include "host/server/in_flight_tracker.hpp"

#include <algorithm>

namespace atrium::host::server {

void InFlightTracker::begin() {
  std::lock_guard lock(mutex_);
  ++processing_;
}

void InFlightTracker::handedOver() {
  {
    std::lock_guard lock(mutex_);
    --processing_;
    ++writing_;
  }
  idle_.notify_all();
}

void InFlightTracker::written() {
  {
    std::lock_guard lock(mutex_);
    --writing_;
  }
  idle_.notify_all();
}

void InFlightTracker::abandoned() {
  {
    std::lock_guard lock(mutex_);
    --processing_;
  }
  idle_.notify_all();
}

int64_t InFlightTracker::count() const {
  std::lock_guard lock(mutex_);
  return processing_ + writing_;
}

bool InFlightTracker::waitIdle(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock lock(mutex_);
  if (!idle_.wait_until(lock, deadline, [this] { return processing_ == 0; })) return false;
  const auto writes_deadline = std::min(deadline, std::chrono::steady_clock::now() + kWriteGrace);
  return idle_.wait_until(lock, writes_deadline, [this] { return writing_ == 0; });
}

}  // namespace atrium::host::server

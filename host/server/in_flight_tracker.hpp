#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace atrium::host::server {

// Counts requests that have arrived and not yet been answered, so shutdown can wait for them.
class InFlightTracker {
 public:
  void begin();
  void end();
  int64_t count() const;
  // True when the count reached zero before `timeout`.
  bool waitIdle(std::chrono::milliseconds timeout);

 private:
  mutable std::mutex mutex_;
  std::condition_variable idle_;
  int64_t count_ = 0;
};

}  // namespace atrium::host::server

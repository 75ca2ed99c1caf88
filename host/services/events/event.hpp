#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace atrium::host::events {

using Clock = std::chrono::steady_clock;

// One published event. `data` is JSON text on one line; `frame` is its text/event-stream
// encoding, built once and shared by every subscriber.
struct Event {
  uint64_t id = 0;
  std::string channel;
  std::string name;
  std::string data;
  std::string frame;
  Clock::time_point published;
};

}  // namespace atrium::host::events

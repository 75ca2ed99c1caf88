#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include "host/services/events/event.hpp"

namespace atrium::host::events {

// The recent events of one channel, bounded by count and age, for Last-Event-ID resume.
// `floor` is the id below which the buffer may have lost events: the id of the last event
// evicted, or the hub's starting id when none was. Not thread-safe (the hub locks).
class ChannelBuffer {
 public:
  struct Replay {
    bool gap = false;  // events after `last_id` were evicted: the client must reset
    std::vector<std::shared_ptr<const Event>> events;  // after last_id, oldest first
  };

  ChannelBuffer(size_t capacity, std::chrono::milliseconds max_age, uint64_t floor)
      : capacity_(capacity), max_age_(max_age), floor_(floor) {}

  void append(std::shared_ptr<const Event> event);
  // What a client that last saw `last_id` missed.
  Replay since(uint64_t last_id, Clock::time_point now);
  // Drops events older than max_age; true when the buffer is then empty.
  bool expire(Clock::time_point now);
  size_t size() const { return events_.size(); }
  uint64_t floor() const { return floor_; }

 private:
  void evictFront();

  size_t capacity_;
  std::chrono::milliseconds max_age_;
  uint64_t floor_;
  std::deque<std::shared_ptr<const Event>> events_;
};

}  // namespace atrium::host::events

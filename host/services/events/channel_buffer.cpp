#include "host/services/events/channel_buffer.hpp"

namespace atrium::host::events {

void ChannelBuffer::evictFront() {
  floor_ = events_.front()->id;
  events_.pop_front();
}

void ChannelBuffer::append(std::shared_ptr<const Event> event) {
  if (capacity_ == 0) {
    floor_ = event->id;
    return;
  }
  while (events_.size() >= capacity_) evictFront();
  events_.push_back(std::move(event));
}

bool ChannelBuffer::expire(Clock::time_point now) {
  while (!events_.empty() && now - events_.front()->published > max_age_) evictFront();
  return events_.empty();
}

ChannelBuffer::Replay ChannelBuffer::since(uint64_t last_id, Clock::time_point now) {
  expire(now);
  Replay replay;
  if (last_id < floor_) {
    replay.gap = true;
    return replay;
  }
  for (const auto& event : events_) {
    if (event->id > last_id) replay.events.push_back(event);
  }
  return replay;
}

}  // namespace atrium::host::events

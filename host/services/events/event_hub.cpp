#include "host/services/events/event_hub.hpp"

#include <algorithm>

#include "host/services/events/event_frame.hpp"

namespace atrium::host::events {

EventHub::EventHub(Options options, EventsMetrics& metrics, Wake wake)
    : options_(options),
      metrics_(metrics),
      wake_(std::move(wake)),
      last_id_(options.first_id),
      new_channel_floor_(options.first_id) {}

EventHub::Channel& EventHub::channelLocked(const std::string& channel) {
  auto it = channels_.find(channel);
  if (it != channels_.end()) return it->second;
  return channels_
      .emplace(channel, Channel(ChannelBuffer(options_.buffer_size, options_.buffer_age,
                                              new_channel_floor_)))
      .first->second;
}

void EventHub::deliverLocked(const std::shared_ptr<const Event>& event,
                             std::vector<std::shared_ptr<EventStream>>& woken) {
  Channel& channel = channelLocked(event->channel);
  channel.buffer.append(event);
  for (EventStream* stream : channel.streams) {
    switch (stream->enqueue(event->frame, event->published)) {
      case EventStream::Enqueued::kQueued:
        metrics_.delivered();
        woken.push_back(stream->shared_from_this());
        break;
      case EventStream::Enqueued::kOverflow:
        metrics_.droppedOverflow();
        woken.push_back(stream->shared_from_this());
        break;
      case EventStream::Enqueued::kClosed: break;
    }
  }
}

uint64_t EventHub::publish(std::string_view channel, std::string_view name, std::string_view data) {
  auto event = std::make_shared<Event>();
  event->channel = channel;
  event->name = name;
  event->data = data;
  event->published = Clock::now();
  std::vector<std::shared_ptr<EventStream>> woken;
  uint64_t id = 0;
  {
    std::lock_guard lock(mutex_);
    id = ++last_id_;
    event->id = id;
    event->frame = formatEvent(id, name, data);
    deliverLocked(event, woken);
  }
  metrics_.published();
  for (const auto& stream : woken) wake_(stream);
  return id;
}

void EventHub::publishWithId(uint64_t id, std::string_view channel, std::string_view name,
                             std::string_view data) {
  auto event = std::make_shared<Event>();
  event->id = id;
  event->channel = channel;
  event->name = name;
  event->data = data;
  event->frame = formatEvent(id, name, data);
  event->published = Clock::now();
  std::vector<std::shared_ptr<EventStream>> woken;
  {
    std::lock_guard lock(mutex_);
    last_id_ = std::max(last_id_, id);
    deliverLocked(event, woken);
  }
  metrics_.published();
  for (const auto& stream : woken) wake_(stream);
}

void EventHub::subscribe(const std::shared_ptr<EventStream>& stream,
                         std::vector<std::string> channels, std::optional<uint64_t> last_event_id) {
  const auto now = Clock::now();
  {
    std::lock_guard lock(mutex_);
    if (last_event_id) {
      bool gap = *last_event_id > last_id_;  // an id this hub never gave: another history
      std::vector<std::shared_ptr<const Event>> missed;
      for (const std::string& name : channels) {
        ChannelBuffer::Replay replay = channelLocked(name).buffer.since(*last_event_id, now);
        gap = gap || replay.gap;
        missed.insert(missed.end(), replay.events.begin(), replay.events.end());
      }
      if (gap) {
        stream->enqueue(formatEvent(last_id_, "reset", R"({"reason":"gap"})"), now);
      } else {
        std::sort(missed.begin(), missed.end(),
                  [](const auto& a, const auto& b) { return a->id < b->id; });
        for (const auto& event : missed) {
          if (stream->enqueue(event->frame, event->published) == EventStream::Enqueued::kQueued) {
            metrics_.delivered();
          }
        }
      }
    }
    for (const std::string& name : channels) channelLocked(name).streams.insert(stream.get());
    stream->channels = std::move(channels);
  }
  wake_(stream);
}

void EventHub::unsubscribe(EventStream& stream) {
  std::lock_guard lock(mutex_);
  for (const std::string& name : stream.channels) {
    auto it = channels_.find(name);
    if (it != channels_.end()) it->second.streams.erase(&stream);
  }
}

void EventHub::sweep(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  for (auto it = channels_.begin(); it != channels_.end();) {
    const bool empty = it->second.buffer.expire(now);
    if (empty && it->second.streams.empty()) {
      new_channel_floor_ = std::max(new_channel_floor_, it->second.buffer.floor());
      it = channels_.erase(it);
    } else {
      ++it;
    }
  }
}

uint64_t EventHub::lastId() const {
  std::lock_guard lock(mutex_);
  return last_id_;
}

size_t EventHub::subscribers(std::string_view channel) const {
  std::lock_guard lock(mutex_);
  auto it = channels_.find(std::string(channel));
  return it == channels_.end() ? 0 : it->second.streams.size();
}

size_t EventHub::bufferedChannels() const {
  std::lock_guard lock(mutex_);
  return channels_.size();
}

}  // namespace atrium::host::events

#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "host/services/events/channel_buffer.hpp"
#include "host/services/events/event_stream.hpp"
#include "host/services/events/events_metrics.hpp"

namespace atrium::host::events {

// Channels, their recent events and who follows them. publish() gives an event the next id,
// keeps it in the channel's buffer and queues it to every stream that follows the channel;
// subscribe() registers a stream and queues, atomically with respect to publishes, what it
// missed since Last-Event-ID (or a `reset` event when the buffer no longer covers the gap).
// Thread-safe; one lock (publishing and subscribing are short: the bytes are written by the
// StreamWriter's thread, never under this lock).
class EventHub {
 public:
  struct Options {
    size_t buffer_size = 256;
    std::chrono::milliseconds buffer_age{std::chrono::minutes(5)};
    uint64_t first_id = 1;  // ids start after it (a restart must not reuse ids)
  };
  // Called (outside the lock) with each stream that has new bytes to write or must be closed.
  using Wake = std::function<void(const std::shared_ptr<EventStream>&)>;

  EventHub(Options options, EventsMetrics& metrics, Wake wake);

  // Publishes to `channel`; `data` is JSON text. Returns the event's id.
  uint64_t publish(std::string_view channel, std::string_view name, std::string_view data);
  // Publishes an event whose id was given elsewhere (another instance, through the database).
  void publishWithId(uint64_t id, std::string_view channel, std::string_view name,
                     std::string_view data);
  // `last_event_id`: the client's Last-Event-ID, nullopt for a fresh connection.
  void subscribe(const std::shared_ptr<EventStream>& stream, std::vector<std::string> channels,
                 std::optional<uint64_t> last_event_id);
  void unsubscribe(EventStream& stream);
  // Drops expired events and empty channels; call periodically.
  void sweep(Clock::time_point now);

  uint64_t lastId() const;
  size_t subscribers(std::string_view channel) const;
  size_t bufferedChannels() const;

 private:
  struct Channel {
    explicit Channel(ChannelBuffer b) : buffer(std::move(b)) {}
    ChannelBuffer buffer;
    std::unordered_set<EventStream*> streams;
  };
  Channel& channelLocked(const std::string& channel);
  void deliverLocked(const std::shared_ptr<const Event>& event,
                     std::vector<std::shared_ptr<EventStream>>& woken);

  Options options_;
  EventsMetrics& metrics_;
  Wake wake_;
  mutable std::mutex mutex_;
  uint64_t last_id_;
  // Channels created from now on may have lost events up to this id: the hub's first id, or
  // the newest event evicted with a channel that sweep() dropped.
  uint64_t new_channel_floor_;
  std::unordered_map<std::string, Channel> channels_;
};

}  // namespace atrium::host::events

#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "host/services/events/event.hpp"

namespace atrium::host::events {

// One open text/event-stream connection: a socket the events service owns (a duplicate of the
// HTTP server's descriptor, so its number can never be reused while this object may write to
// it) and a bounded queue of bytes not yet written.
//
// Threads: publishers call enqueue(); only the StreamWriter's thread calls flush() and
// closeSocket(). Once closed, nothing is queued and the descriptor is never touched again.
class EventStream : public std::enable_shared_from_this<EventStream> {
 public:
  enum class Enqueued { kQueued, kClosed, kOverflow };
  enum class Flushed { kEmpty, kBlocked, kFailed };

  EventStream(int fd, size_t queue_limit, Clock::time_point opened, Clock::time_point deadline,
              std::string user);
  ~EventStream();
  EventStream(const EventStream&) = delete;
  EventStream& operator=(const EventStream&) = delete;

  // Appends `bytes` (thread-safe). kOverflow: they do not fit in the queue limit; the stream is
  // then marked for disconnection and accepts nothing more. `published`: when the event was
  // published, for the delivery latency (time_point{} for heartbeats).
  Enqueued enqueue(std::string_view bytes, Clock::time_point published = {});
  // Writer thread: writes what it can without blocking. `latency` receives the age of the oldest
  // event it finished writing when the queue became empty (zero otherwise).
  Flushed flush(std::chrono::nanoseconds& latency);
  // Writer thread: shuts the socket down and closes it (idempotent).
  void closeSocket();

  bool closed() const;
  bool overflowed() const { return overflowed_.load(); }
  int fd() const { return fd_; }
  const std::string& user() const { return user_; }
  Clock::time_point opened() const { return opened_; }
  Clock::time_point deadline() const { return deadline_; }
  Clock::time_point lastWrite() const;
  size_t queued() const;

  // The channels it follows; set once by EventHub::subscribe under the hub's lock.
  std::vector<std::string> channels;

 private:
  mutable std::mutex mutex_;
  int fd_;
  bool closed_ = false;
  std::atomic<bool> overflowed_{false};
  size_t queue_limit_;
  std::string out_;
  size_t offset_ = 0;  // bytes of out_ already written
  Clock::time_point oldest_pending_{};
  Clock::time_point last_write_;
  Clock::time_point opened_;
  Clock::time_point deadline_;
  std::string user_;
};

}  // namespace atrium::host::events

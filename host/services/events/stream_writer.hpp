#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "host/services/events/event_stream.hpp"
#include "host/services/events/events_metrics.hpp"

namespace atrium::host::events {

// The one thread that writes to and closes event streams. It owns every open stream's socket:
// an epoll set watches them for "peer hung up" and, while a stream's queue is blocked, for
// "writable"; publishers wake it through an eventfd. Each second it sends heartbeat comments to
// streams idle for `heartbeat`, and closes streams past their deadline or whose queue
// overflowed. A closed stream is unsubscribed (on_closed) before its socket is closed, and its
// descriptor is never used again, so a number reused by a new connection can only ever be
// written by that connection's own stream.
class StreamWriter {
 public:
  using OnClosed = std::function<void(EventStream&)>;
  using OnTick = std::function<void(Clock::time_point)>;

  // `on_tick` runs on the writer thread once a second (housekeeping such as EventHub::sweep).
  StreamWriter(std::chrono::milliseconds heartbeat, EventsMetrics& metrics, OnClosed on_closed,
               OnTick on_tick = {});
  ~StreamWriter();
  StreamWriter(const StreamWriter&) = delete;
  StreamWriter& operator=(const StreamWriter&) = delete;

  void start();
  // Closes every stream (reason shutdown) and joins the thread.
  void stop();

  // Takes a new stream (its initial bytes already queued).
  void attach(std::shared_ptr<EventStream> stream);
  // `stream` has bytes to write or overflowed. Thread-safe, cheap when already pending.
  void wake(const std::shared_ptr<EventStream>& stream);
  size_t openStreams() const;

 private:
  void run();
  void takePending();
  void service(const std::shared_ptr<EventStream>& stream);
  void tick(Clock::time_point now);
  void close(const std::shared_ptr<EventStream>& stream, EventsMetrics::Disconnect reason);
  void notify();
  void setWatchWritable(int fd, bool writable);

  std::chrono::milliseconds heartbeat_;
  EventsMetrics& metrics_;
  OnClosed on_closed_;
  OnTick on_tick_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  std::thread thread_;
  bool running_ = false;

  mutable std::mutex pending_mutex_;
  bool stopping_ = false;
  std::vector<std::shared_ptr<EventStream>> attached_;  // new streams
  std::vector<std::shared_ptr<EventStream>> dirty_;     // streams with something to do
  bool notified_ = false;
  size_t open_ = 0;

  // Writer thread only.
  std::unordered_map<int, std::shared_ptr<EventStream>> streams_;
  std::unordered_map<int, bool> watching_writable_;
};

}  // namespace atrium::host::events

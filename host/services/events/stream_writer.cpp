#include "host/services/events/stream_writer.hpp"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include "host/services/events/event_frame.hpp"

namespace atrium::host::events {

namespace {

constexpr int kTickMillis = 1000;

}  // namespace

StreamWriter::StreamWriter(std::chrono::milliseconds heartbeat, EventsMetrics& metrics,
                           OnClosed on_closed, OnTick on_tick)
    : heartbeat_(heartbeat),
      metrics_(metrics),
      on_closed_(std::move(on_closed)),
      on_tick_(std::move(on_tick)) {
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (epoll_fd_ < 0 || wake_fd_ < 0) {
    const std::string reason = std::strerror(errno);
    if (epoll_fd_ >= 0) ::close(epoll_fd_);
    if (wake_fd_ >= 0) ::close(wake_fd_);
    throw std::runtime_error("events: cannot create the stream writer's epoll set: " + reason);
  }
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = wake_fd_;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);
}

StreamWriter::~StreamWriter() {
  stop();
  ::close(epoll_fd_);
  ::close(wake_fd_);
}

void StreamWriter::start() {
  if (running_) return;
  running_ = true;
  thread_ = std::thread([this] { run(); });
}

void StreamWriter::stop() {
  {
    std::lock_guard lock(pending_mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  if (running_) {
    notify();
    thread_.join();
    running_ = false;
  }
  // Streams never taken by the thread (not started, or attached during the stop).
  takePending();
  for (auto& [fd, stream] : std::unordered_map<int, std::shared_ptr<EventStream>>(streams_)) {
    close(stream, EventsMetrics::Disconnect::kShutdown);
  }
}

void StreamWriter::notify() {
  const uint64_t one = 1;
  [[maybe_unused]] ssize_t n = ::write(wake_fd_, &one, sizeof one);
}

void StreamWriter::attach(std::shared_ptr<EventStream> stream) {
  bool refused = false;
  {
    std::lock_guard lock(pending_mutex_);
    if (stopping_) {
      refused = true;
    } else {
      attached_.push_back(std::move(stream));
      ++open_;
      if (!notified_) {
        notified_ = true;
        notify();
      }
    }
  }
  if (refused) {
    metrics_.streamOpened();
    on_closed_(*stream);
    stream->closeSocket();
    metrics_.streamClosed(EventsMetrics::Disconnect::kShutdown);
    return;
  }
  metrics_.streamOpened();
}

void StreamWriter::wake(const std::shared_ptr<EventStream>& stream) {
  std::lock_guard lock(pending_mutex_);
  if (stopping_) return;
  dirty_.push_back(stream);
  if (!notified_) {
    notified_ = true;
    notify();
  }
}

size_t StreamWriter::openStreams() const {
  std::lock_guard lock(pending_mutex_);
  return open_;
}

void StreamWriter::setWatchWritable(int fd, bool writable) {
  bool& watching = watching_writable_[fd];
  if (watching == writable) return;
  watching = writable;
  epoll_event ev{};
  ev.events = EPOLLRDHUP | (writable ? EPOLLOUT : 0u);
  ev.data.fd = fd;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &ev);
}

void StreamWriter::takePending() {
  std::vector<std::shared_ptr<EventStream>> attached;
  std::vector<std::shared_ptr<EventStream>> dirty;
  {
    std::lock_guard lock(pending_mutex_);
    attached.swap(attached_);
    dirty.swap(dirty_);
    notified_ = false;
    uint64_t count = 0;
    [[maybe_unused]] ssize_t n = ::read(wake_fd_, &count, sizeof count);
  }
  for (auto& stream : attached) {
    const int fd = stream->fd();
    epoll_event ev{};
    ev.events = EPOLLRDHUP;
    ev.data.fd = fd;
    if (fd < 0 || ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0) {
      streams_.emplace(fd, stream);
      close(stream, EventsMetrics::Disconnect::kError);
      continue;
    }
    watching_writable_[fd] = false;
    streams_.emplace(fd, stream);
    service(stream);
  }
  for (auto& stream : dirty) {
    // A stream closed meanwhile is no longer in streams_ (its number may already be reused).
    auto it = streams_.find(stream->fd());
    if (it != streams_.end() && it->second == stream) service(stream);
  }
}

void StreamWriter::service(const std::shared_ptr<EventStream>& stream) {
  if (stream->overflowed()) {
    close(stream, EventsMetrics::Disconnect::kOverflow);
    return;
  }
  std::chrono::nanoseconds latency{0};
  switch (stream->flush(latency)) {
    case EventStream::Flushed::kEmpty:
      if (latency.count() > 0) metrics_.recordLatency(latency);
      setWatchWritable(stream->fd(), false);
      break;
    case EventStream::Flushed::kBlocked: setWatchWritable(stream->fd(), true); break;
    case EventStream::Flushed::kFailed: close(stream, EventsMetrics::Disconnect::kClient); break;
  }
}

void StreamWriter::close(const std::shared_ptr<EventStream>& stream,
                         EventsMetrics::Disconnect reason) {
  const int fd = stream->fd();
  auto it = streams_.find(fd);
  if (it == streams_.end() || it->second != stream) return;
  // Unsubscribed first: from here no publisher queues to it; then the number is released.
  on_closed_(*stream);
  if (fd >= 0) ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
  watching_writable_.erase(fd);
  streams_.erase(it);
  stream->closeSocket();
  metrics_.streamClosed(reason);
  std::lock_guard lock(pending_mutex_);
  --open_;
}

void StreamWriter::tick(Clock::time_point now) {
  std::vector<std::shared_ptr<EventStream>> expired;
  std::vector<std::shared_ptr<EventStream>> idle;
  for (const auto& [fd, stream] : streams_) {
    if (now >= stream->deadline()) {
      expired.push_back(stream);
    } else if (now - stream->lastWrite() >= heartbeat_ && stream->queued() == 0) {
      idle.push_back(stream);
    }
  }
  for (const auto& stream : expired) close(stream, EventsMetrics::Disconnect::kDeadline);
  static const std::string kHeartbeat = formatComment("heartbeat");
  for (const auto& stream : idle) {
    stream->enqueue(kHeartbeat);
    service(stream);
  }
}

void StreamWriter::run() {
  std::array<epoll_event, 256> events{};
  auto next_tick = Clock::now() + std::chrono::milliseconds(kTickMillis);
  for (;;) {
    const auto wait =
        std::chrono::duration_cast<std::chrono::milliseconds>(next_tick - Clock::now());
    const int n = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()),
                               static_cast<int>(std::max<int64_t>(0, wait.count())));
    {
      std::lock_guard lock(pending_mutex_);
      if (stopping_) return;
    }
    for (int i = 0; i < n; ++i) {
      const int fd = events[static_cast<size_t>(i)].data.fd;
      if (fd == wake_fd_) continue;
      auto it = streams_.find(fd);
      if (it == streams_.end()) continue;
      const uint32_t flags = events[static_cast<size_t>(i)].events;
      std::shared_ptr<EventStream> stream = it->second;
      if (flags & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
        close(stream, EventsMetrics::Disconnect::kClient);
      } else if (flags & EPOLLOUT) {
        service(stream);
      }
    }
    takePending();
    const auto now = Clock::now();
    if (now >= next_tick) {
      tick(now);
      if (on_tick_) on_tick_(now);
      next_tick = now + std::chrono::milliseconds(kTickMillis);
    }
  }
}

}  // namespace atrium::host::events

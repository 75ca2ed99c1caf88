#include "host/services/events/event_stream.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace atrium::host::events {

EventStream::EventStream(int fd, size_t queue_limit, Clock::time_point opened,
                         Clock::time_point deadline, std::string user)
    : fd_(fd),
      queue_limit_(queue_limit),
      last_write_(opened),
      opened_(opened),
      deadline_(deadline),
      user_(std::move(user)) {}

EventStream::~EventStream() { closeSocket(); }

EventStream::Enqueued EventStream::enqueue(std::string_view bytes, Clock::time_point published) {
  std::lock_guard lock(mutex_);
  if (closed_ || overflowed_.load()) return Enqueued::kClosed;
  if (out_.size() - offset_ + bytes.size() > queue_limit_) {
    overflowed_.store(true);
    out_.clear();
    out_.shrink_to_fit();
    offset_ = 0;
    return Enqueued::kOverflow;
  }
  if (offset_ > 0 && offset_ * 2 >= out_.size()) {
    out_.erase(0, offset_);
    offset_ = 0;
  }
  if (oldest_pending_ == Clock::time_point{}) oldest_pending_ = published;
  out_.append(bytes);
  return Enqueued::kQueued;
}

EventStream::Flushed EventStream::flush(std::chrono::nanoseconds& latency) {
  latency = std::chrono::nanoseconds::zero();
  std::lock_guard lock(mutex_);
  if (closed_ || fd_ < 0) return Flushed::kFailed;
  while (offset_ < out_.size()) {
    const ssize_t n =
        ::send(fd_, out_.data() + offset_, out_.size() - offset_, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      offset_ += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return Flushed::kBlocked;
    return Flushed::kFailed;
  }
  const auto now = Clock::now();
  if (oldest_pending_ != Clock::time_point{}) latency = now - oldest_pending_;
  oldest_pending_ = {};
  if (!out_.empty()) last_write_ = now;
  // An idle stream keeps no buffer: its memory is the object and the socket.
  out_.clear();
  if (out_.capacity() > 4096) out_.shrink_to_fit();
  offset_ = 0;
  return Flushed::kEmpty;
}

void EventStream::closeSocket() {
  std::lock_guard lock(mutex_);
  if (closed_) return;
  closed_ = true;
  if (fd_ >= 0) {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    fd_ = -1;
  }
  out_.clear();
  out_.shrink_to_fit();
  offset_ = 0;
}

bool EventStream::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

Clock::time_point EventStream::lastWrite() const {
  std::lock_guard lock(mutex_);
  return last_write_;
}

size_t EventStream::queued() const {
  std::lock_guard lock(mutex_);
  return out_.size() - offset_;
}

}  // namespace atrium::host::events

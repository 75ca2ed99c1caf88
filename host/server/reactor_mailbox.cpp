#include "host/server/reactor_mailbox.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace atrium::host::server {

ReactorMailbox::ReactorMailbox(std::string wake_message) : wake_message_(std::move(wake_message)) {
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) != 0) {
    throw std::system_error(errno, std::generic_category(), "socketpair for a reactor mailbox");
  }
  reactor_fd_ = fds[0];
  wake_fd_ = fds[1];
}

ReactorMailbox::~ReactorMailbox() {
  ::close(wake_fd_);
  if (!reactor_end_adopted_) ::close(reactor_fd_);
}

void ReactorMailbox::post(std::unique_ptr<ReactorTask> task) {
  if (onOwnerThread()) {
    task->run();
    return;
  }
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    if (stopped_) return;  // `task` is dropped unrun (its destructor runs after the unlock)
    if (!closed_.load(std::memory_order_relaxed)) {
      pending_.push_back(std::move(task));
      wake = !wake_pending_;
      wake_pending_ = true;
    }
  }
  if (task) {  // closed: nobody drains any more
    task->run();
    return;
  }
  if (!wake) return;  // a wake message is on its way and the drain it causes takes this task too
  size_t written = 0;
  while (written < wake_message_.size()) {
    const ssize_t n = ::send(wake_fd_, wake_message_.data() + written,
                             wake_message_.size() - written, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      written += static_cast<size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      return;  // unread bytes are waiting: the reactor wakes anyway
    } else {
      closed_.store(true, std::memory_order_release);  // the reactor end is gone
      runStranded();
      return;
    }
  }
}

void ReactorMailbox::drain() {
  std::vector<std::unique_ptr<ReactorTask>> tasks;
  {
    std::lock_guard lock(mutex_);
    tasks.swap(pending_);
    wake_pending_ = false;
  }
  for (auto& task : tasks) task->run();
}

void ReactorMailbox::stop() {
  std::vector<std::unique_ptr<ReactorTask>> dropped;
  {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    closed_.store(true, std::memory_order_release);
    dropped.swap(pending_);
  }
}

void ReactorMailbox::runStranded() {
  std::vector<std::unique_ptr<ReactorTask>> tasks;
  {
    std::lock_guard lock(mutex_);
    tasks.swap(pending_);
  }
  for (auto& task : tasks) task->run();
}

size_t ReactorMailbox::pendingForTest() const {
  std::lock_guard lock(mutex_);
  return pending_.size();
}

}  // namespace atrium::host::server

#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace atrium::host::server {

// Work handed to the event-loop thread that owns a connection.
class ReactorTask {
 public:
  virtual ~ReactorTask() = default;
  virtual void run() = 0;
};

// Runs tasks posted from any thread on one event-loop ("reactor") thread.
//
// Why it exists: Pistache 0.0.5 queues a write made off its reactor thread into a lock-free
// queue whose consumer can lose the wake-up (PollableQueue::pop reads the eventfd after finding
// the queue momentarily empty, swallowing the notification of a push that was half done). The
// response then sits in the queue until some other write reaches that reactor — forever on a
// quiet server. Fixed upstream after 0.0.5. So nothing of ours touches Pistache off its
// reactor: workers post here, and the reactor runs the send itself.
//
// The wake-up is a Unix socket pair. The owner registers reactorFd() with its event loop and
// calls drain() when it is readable; a post() writes `wake_message` to the other end when the
// mailbox goes from empty to non-empty. A socket does not lose wake-ups: the bytes stay until
// read. Pistache-free, so it is testable with poll().
//
// When the reactor end was closed by its event loop (a post() then fails to write), the
// mailbox closes and runs the stranded tasks, and every later one, on the posting thread:
// tasks must tolerate running there (a response send still works, only without the fix).
// After stop() (the event loop is gone for good) tasks are dropped unrun: a task's destructor
// is where it notices.
class ReactorMailbox {
 public:
  // Creates the socket pair. Throws std::system_error when the system refuses.
  explicit ReactorMailbox(std::string wake_message);
  ~ReactorMailbox();
  ReactorMailbox(const ReactorMailbox&) = delete;
  ReactorMailbox& operator=(const ReactorMailbox&) = delete;

  // The end the event loop reads. Closed by the destructor unless adoptReactorEnd() said the
  // event loop took it over (and closes it itself).
  int reactorFd() const { return reactor_fd_; }
  void adoptReactorEnd() { reactor_end_adopted_ = true; }

  // The thread that runs the tasks; set by the thread itself before anything is posted.
  void bindToCurrentThread() { owner_ = std::this_thread::get_id(); }
  bool onOwnerThread() const { return std::this_thread::get_id() == owner_; }

  // Runs `task` on the owner thread: at once when called there, otherwise at the next drain().
  // On a closed mailbox it runs here.
  void post(std::unique_ptr<ReactorTask> task);

  // On the owner thread, when reactorFd() was readable (its bytes consumed by the caller):
  // runs everything posted so far.
  void drain();

  // After the event loop stopped: drops what is pending and everything posted later.
  void stop();

  bool closed() const { return closed_.load(std::memory_order_acquire); }
  size_t pendingForTest() const;

 private:
  void runStranded();

  const std::string wake_message_;
  int reactor_fd_ = -1;
  int wake_fd_ = -1;
  bool reactor_end_adopted_ = false;
  std::thread::id owner_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<ReactorTask>> pending_;
  bool wake_pending_ = false;  // a wake message was written and not yet followed by a drain()
  bool stopped_ = false;
  std::atomic<bool> closed_{false};
};

}  // namespace atrium::host::server

#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace atrium::host::server {

// A fixed set of threads running blocking work (plugin handlers, later DB and HTTP calls) off
// the network reactor threads. The queue is bounded: when it is full, trySubmit refuses and the
// caller answers 503 instead of letting latency and memory grow without limit.
class WorkerPool {
 public:
  WorkerPool(size_t threads, size_t queue_limit, std::string thread_name = "atrium-worker");
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // False when the queue is full or the pool is shutting down.
  bool trySubmit(std::function<void()> task);

  // Runs every task already queued, then joins the threads. Idempotent.
  void shutdown();

  size_t threadCount() const { return threads_.size(); }
  size_t queued() const;

 private:
  void runLoop();

  const size_t queue_limit_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace atrium::host::server

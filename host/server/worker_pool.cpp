#include "host/server/worker_pool.hpp"

#include <pthread.h>

#include <stdexcept>

namespace atrium::host::server {

WorkerPool::WorkerPool(size_t threads, size_t queue_limit, std::string thread_name)
    : queue_limit_(queue_limit) {
  if (threads == 0) throw std::invalid_argument("worker pool needs at least one thread");
  threads_.reserve(threads);
  for (size_t i = 0; i < threads; ++i) {
    threads_.emplace_back([this] { runLoop(); });
    std::string name = thread_name.substr(0, 12) + "-" + std::to_string(i);
    pthread_setname_np(threads_.back().native_handle(), name.substr(0, 15).c_str());
  }
}

WorkerPool::~WorkerPool() { shutdown(); }

bool WorkerPool::trySubmit(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || tasks_.size() >= queue_limit_) return false;
    tasks_.push_back(std::move(task));
  }
  ready_.notify_one();
  return true;
}

void WorkerPool::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  threads_.clear();
}

size_t WorkerPool::queued() const {
  std::lock_guard lock(mutex_);
  return tasks_.size();
}

void WorkerPool::runLoop() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
      if (tasks_.empty()) return;  // stopping and drained
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();  // tasks catch their own exceptions (see Pipeline)
  }
}

}  // namespace atrium::host::server

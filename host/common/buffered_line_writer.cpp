#include "host/common/buffered_line_writer.hpp"

namespace atrium::host::common {

BufferedLineWriter::BufferedLineWriter(const LogSink& sink, size_t capacity,
                                       std::chrono::milliseconds flush_interval)
    : sink_(sink), capacity_(capacity), flush_interval_(flush_interval) {
  pending_.reserve(capacity_ + 1024);
  flusher_ = std::thread([this] { flushLoop(); });
}

BufferedLineWriter::~BufferedLineWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  flusher_.join();
  flush();
}

void BufferedLineWriter::write(std::string_view line) {
  std::string full;
  {
    std::lock_guard lock(mutex_);
    pending_.append(line);
    pending_.push_back('\n');
    if (pending_.size() < capacity_) return;
    full.reserve(capacity_ + 1024);
    full.swap(pending_);
  }
  writeOut(full);
}

void BufferedLineWriter::flush() {
  std::string block;
  {
    std::lock_guard lock(mutex_);
    if (pending_.empty()) return;
    block.reserve(capacity_ + 1024);
    block.swap(pending_);
  }
  writeOut(block);
}

void BufferedLineWriter::writeOut(std::string& block) {
  if (block.empty()) return;
  std::lock_guard lock(write_mutex_);
  sink_.writeBlock(block);
}

void BufferedLineWriter::flushLoop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, flush_interval_, [this] { return stopping_; });
    lock.unlock();
    flush();
    lock.lock();
  }
}

}  // namespace atrium::host::common

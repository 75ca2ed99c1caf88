#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "host/common/logger.hpp"

namespace atrium::host::common {

// Collects log lines in memory and writes them to a sink in blocks: when `capacity` bytes are
// pending, and at least every `flush_interval` from a background thread (as nginx's
// `access_log ... buffer= flush=`). One write(2) per block instead of one per line: at tens of
// thousands of requests per second the per-line write is a tenth of a core. Lines are complete
// and never interleaved; at most `flush_interval` of lines is lost if the process is killed
// (SIGKILL); a normal exit flushes everything.
class BufferedLineWriter {
 public:
  BufferedLineWriter(const LogSink& sink, size_t capacity,
                     std::chrono::milliseconds flush_interval);
  ~BufferedLineWriter();
  BufferedLineWriter(const BufferedLineWriter&) = delete;
  BufferedLineWriter& operator=(const BufferedLineWriter&) = delete;

  // Appends one line (without its newline). Writes the block at once when it is full.
  void write(std::string_view line);
  // Writes whatever is pending now.
  void flush();

 private:
  void flushLoop();
  void writeOut(std::string& block);

  const LogSink& sink_;
  const size_t capacity_;
  const std::chrono::milliseconds flush_interval_;
  std::mutex mutex_;        // guards pending_ and stopping_
  std::mutex write_mutex_;  // keeps blocks in order on the sink
  std::condition_variable wake_;
  std::string pending_;
  bool stopping_ = false;
  std::thread flusher_;
};

}  // namespace atrium::host::common

#pragma once

// A host LogSink that writes into a temp file, and what it captured (header-only: the test
// binary that uses it links the host's common library).

#include <fcntl.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "host/common/logger.hpp"
#include "tests/support/temp_dir.hpp"

namespace atrium::testing {

class CapturedLog {
 public:
  CapturedLog() : dir_("atrium-captured-log") {
    path_ = (dir_ / "log.jsonl").string();
    fd_ = ::open(path_.c_str(), O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0600);
    sink_ = std::make_unique<host::common::LogSink>(fd_);
    sink_->setMinLevel(host::common::LogLevel::kDebug);
  }
  ~CapturedLog() { ::close(fd_); }
  CapturedLog(const CapturedLog&) = delete;
  CapturedLog& operator=(const CapturedLog&) = delete;

  const host::common::LogSink& sink() const { return *sink_; }
  std::string text() const { return readFile(path_); }

 private:
  TempDir dir_;
  std::string path_;
  int fd_ = -1;
  std::unique_ptr<host::common::LogSink> sink_;
};

}  // namespace atrium::testing

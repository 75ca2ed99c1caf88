#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "host/common/logger.hpp"
#include "host/http/request.hpp"
#include "host/http/response.hpp"
#include "tests/support/paths.hpp"
#include "tests/support/temp_dir.hpp"

namespace atrium::host::plugin::test {

// build/plugins/test/<name>.so
inline std::string fixture(const std::string& name) {
  return (atrium::testing::testPluginDir() / (name + ".so")).string();
}

inline http::Request makeRequest(std::string method, std::string path) {
  http::Request request;
  request.method = std::move(method);
  request.path = std::move(path);
  request.raw_target = request.path;
  request.client_ip = "203.0.113.7";
  request.request_id = "req-123";
  request.http_version = "HTTP/1.1";
  return request;
}

// A LogSink writing into a temp file, and what it captured.
class CapturedLog {
 public:
  CapturedLog() : dir_("atrium-plugin-log") {
    path_ = (dir_ / "log.jsonl").string();
    fd_ = ::open(path_.c_str(), O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0600);
    sink_ = std::make_unique<common::LogSink>(fd_);
    sink_->setMinLevel(common::LogLevel::kDebug);
  }
  ~CapturedLog() { ::close(fd_); }
  const common::LogSink& sink() const { return *sink_; }
  std::string text() const { return atrium::testing::readFile(path_); }

 private:
  atrium::testing::TempDir dir_;
  std::string path_;
  int fd_ = -1;
  std::unique_ptr<common::LogSink> sink_;
};

}  // namespace atrium::host::plugin::test

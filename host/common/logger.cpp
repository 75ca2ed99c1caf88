#include "host/common/logger.hpp"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <stdexcept>

namespace atrium::host::common {

LogLevel parseLogLevel(std::string_view text) {
  if (text == "debug") return LogLevel::kDebug;
  if (text == "info") return LogLevel::kInfo;
  if (text == "warn") return LogLevel::kWarn;
  if (text == "error") return LogLevel::kError;
  throw std::invalid_argument("unknown log level '" + std::string(text) +
                              "' (expected debug, info, warn or error)");
}

std::string_view logLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug: return "debug";
    case LogLevel::kInfo: return "info";
    case LogLevel::kWarn: return "warn";
    case LogLevel::kError: return "error";
  }
  return "info";
}

void LogSink::writeLine(std::string_view line) const {
  std::string buffer;
  buffer.reserve(line.size() + 1);
  buffer.append(line);
  buffer.push_back('\n');
  writeBlock(buffer);
}

void LogSink::writeBlock(std::string_view block) const {
  const char* data = block.data();
  size_t left = block.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;  // nowhere to report a failing log sink
    }
    data += n;
    left -= static_cast<size_t>(n);
  }
}

std::string isoTimestampNow() {
  using namespace std::chrono;
  auto now = system_clock::now();
  auto secs = time_point_cast<seconds>(now);
  auto millis = duration_cast<milliseconds>(now - secs).count();
  std::time_t t = system_clock::to_time_t(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(millis));
  return buf;
}

void Logger::log(LogLevel level, std::string_view message, std::string_view request_id,
                 const nlohmann::json& fields) const {
  if (!sink_->enabled(level)) return;
  nlohmann::json line = nlohmann::json::object();
  line["time"] = isoTimestampNow();
  line["level"] = logLevelName(level);
  line["logger"] = name_;
  line["msg"] = message;
  if (!request_id.empty()) line["request_id"] = request_id;
  if (fields.is_object()) {
    for (auto it = fields.begin(); it != fields.end(); ++it) line[it.key()] = it.value();
  }
  sink_->writeLine(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace atrium::host::common

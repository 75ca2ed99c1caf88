#include "host/common/logger.hpp"

#include <unistd.h>

#include <cerrno>
#include <chrono>
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

namespace {
void putDigits(char* at, int value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    at[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}
}  // namespace

void formatIsoTimestamp(std::chrono::system_clock::time_point at,
                        char (&out)[kIsoTimestampLength]) {
  using namespace std::chrono;
  const auto secs = time_point_cast<seconds>(at);
  const auto millis = static_cast<int>(duration_cast<milliseconds>(at - secs).count());
  const std::time_t t = system_clock::to_time_t(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  putDigits(out, (tm.tm_year + 1900) % 10000, 4);
  out[4] = '-';
  putDigits(out + 5, tm.tm_mon + 1, 2);
  out[7] = '-';
  putDigits(out + 8, tm.tm_mday, 2);
  out[10] = 'T';
  putDigits(out + 11, tm.tm_hour, 2);
  out[13] = ':';
  putDigits(out + 14, tm.tm_min, 2);
  out[16] = ':';
  putDigits(out + 17, tm.tm_sec, 2);
  out[19] = '.';
  putDigits(out + 20, millis, 3);
  out[23] = 'Z';
}

std::string isoTimestampNow() {
  char buf[kIsoTimestampLength];
  formatIsoTimestamp(std::chrono::system_clock::now(), buf);
  return std::string(buf, sizeof(buf));
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

#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace atrium::host::common {

enum class LogLevel { kDebug = 10, kInfo = 20, kWarn = 30, kError = 40 };

// Parses "debug" | "info" | "warn" | "error"; throws std::invalid_argument otherwise.
LogLevel parseLogLevel(std::string_view text);
std::string_view logLevelName(LogLevel level);

// Where log lines go. One write(2) per line so lines from many threads never interleave.
class LogSink {
 public:
  explicit LogSink(int fd = 2) : fd_(fd) {}
  void writeLine(std::string_view line) const;
  // Writes complete lines (each ending in '\n') as they are, in as few write(2) calls as the
  // kernel allows.
  void writeBlock(std::string_view block) const;
  void setMinLevel(LogLevel level) { min_level_.store(static_cast<int>(level)); }
  bool enabled(LogLevel level) const { return static_cast<int>(level) >= min_level_.load(); }

 private:
  int fd_;
  std::atomic<int> min_level_{static_cast<int>(LogLevel::kInfo)};
};

// A component's logger: every line is a JSON object carrying time, level, logger name,
// message, request_id (when given) and extra fields. Never pass secrets as fields.
class Logger {
 public:
  Logger(const LogSink& sink, std::string name) : sink_(&sink), name_(std::move(name)) {}

  void log(LogLevel level, std::string_view message, std::string_view request_id = {},
           const nlohmann::json& fields = nullptr) const;
  void debug(std::string_view m, const nlohmann::json& f = nullptr) const {
    log(LogLevel::kDebug, m, {}, f);
  }
  void info(std::string_view m, const nlohmann::json& f = nullptr) const {
    log(LogLevel::kInfo, m, {}, f);
  }
  void warn(std::string_view m, const nlohmann::json& f = nullptr) const {
    log(LogLevel::kWarn, m, {}, f);
  }
  void error(std::string_view m, const nlohmann::json& f = nullptr) const {
    log(LogLevel::kError, m, {}, f);
  }
  bool enabled(LogLevel level) const { return sink_->enabled(level); }
  const std::string& name() const { return name_; }
  const LogSink& sink() const { return *sink_; }

 private:
  const LogSink* sink_;
  std::string name_;
};

// ISO-8601 UTC with milliseconds, "2026-11-22T02:15:01.123Z": exactly kIsoTimestampLength
// characters, no terminating NUL. Cheap enough for the access log's hot path (no printf).
constexpr size_t kIsoTimestampLength = 24;
void formatIsoTimestamp(std::chrono::system_clock::time_point at, char (&out)[kIsoTimestampLength]);
std::string isoTimestampNow();

}  // namespace atrium::host::common

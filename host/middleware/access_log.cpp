#include "host/middleware/access_log.hpp"

#include <charconv>
#include <ctime>

#include "host/middleware/json_escape.hpp"

namespace atrium::host::middleware {

namespace {

void appendUnsigned(std::string& out, uint64_t value) {
  char buf[24];
  const auto res = std::to_chars(buf, buf + sizeof(buf), value);
  out.append(buf, res.ptr);
}

void appendInt(std::string& out, int64_t value) {
  char buf[24];
  const auto res = std::to_chars(buf, buf + sizeof(buf), value);
  out.append(buf, res.ptr);
}

// Milliseconds with exactly three decimals, rounded to the microsecond: 1234567 ns -> 1.235
void appendMillis(std::string& out, std::chrono::nanoseconds duration) {
  const int64_t ns = duration.count() < 0 ? 0 : duration.count();
  const int64_t us = (ns + 500) / 1000;
  appendInt(out, us / 1000);
  const auto frac = static_cast<int>(us % 1000);
  const char digits[] = {'.', static_cast<char>('0' + frac / 100),
                         static_cast<char>('0' + frac / 10 % 10),
                         static_cast<char>('0' + frac % 10)};
  out.append(digits, sizeof(digits));
}

void appendField(std::string& out, std::string_view key, std::string_view value) {
  out.append(",\"").append(key).append("\":\"");
  appendJsonEscaped(out, value);
  out.push_back('"');
}

void putDigits(char* at, int value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    at[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

// ISO-8601 UTC with milliseconds, "2026-11-22T02:15:01.123Z": exactly 24 characters.
constexpr size_t kTimeLength = 24;
void formatTime(char (&buf)[kTimeLength]) {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const auto secs = time_point_cast<seconds>(now);
  const auto millis = static_cast<int>(duration_cast<milliseconds>(now - secs).count());
  const std::time_t t = system_clock::to_time_t(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  putDigits(buf, (tm.tm_year + 1900) % 10000, 4);
  buf[4] = '-';
  putDigits(buf + 5, tm.tm_mon + 1, 2);
  buf[7] = '-';
  putDigits(buf + 8, tm.tm_mday, 2);
  buf[10] = 'T';
  putDigits(buf + 11, tm.tm_hour, 2);
  buf[13] = ':';
  putDigits(buf + 14, tm.tm_min, 2);
  buf[16] = ':';
  putDigits(buf + 17, tm.tm_sec, 2);
  buf[19] = '.';
  putDigits(buf + 20, millis, 3);
  buf[23] = 'Z';
}

}  // namespace

std::string AccessLog::formatLine(std::string_view time, const http::Request& request, int status,
                                  size_t bytes_sent, std::chrono::nanoseconds duration,
                                  std::string_view route_pattern) {
  const auto user_agent = request.header("User-Agent");
  std::string line;
  line.reserve(192 + request.path.size() + route_pattern.size() +
               (user_agent ? user_agent->size() : 0));
  line.append("{\"time\":\"");
  appendJsonEscaped(line, time);
  line.append("\",\"level\":\"info\",\"logger\":\"access\",\"msg\":\"request\"");
  appendField(line, "method", request.method);
  appendField(line, "path", request.path);
  appendField(line, "route", route_pattern);
  line.append(",\"status\":");
  appendInt(line, status);
  line.append(",\"duration_ms\":");
  appendMillis(line, duration);
  line.append(",\"bytes\":");
  appendUnsigned(line, bytes_sent);
  appendField(line, "request_id", request.request_id);
  appendField(line, "client_ip", request.client_ip);
  if (user_agent) appendField(line, "user_agent", *user_agent);
  line.push_back('}');
  return line;
}

void AccessLog::record(const http::Request& request, int status, size_t bytes_sent,
                       std::chrono::nanoseconds duration, std::string_view route_pattern) const {
  if (!sink_->enabled(common::LogLevel::kInfo)) return;
  char time[kTimeLength];
  formatTime(time);
  const std::string line = formatLine(std::string_view(time, kTimeLength), request, status,
                                      bytes_sent, duration, route_pattern);
  if (buffer_ != nullptr) {
    buffer_->write(line);
  } else {
    sink_->writeLine(line);
  }
}

}  // namespace atrium::host::middleware

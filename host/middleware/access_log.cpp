#include "host/middleware/access_log.hpp"

#include <charconv>

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
  char time[common::kIsoTimestampLength];
  common::formatIsoTimestamp(std::chrono::system_clock::now(), time);
  const std::string line = formatLine(std::string_view(time, sizeof(time)), request, status,
                                      bytes_sent, duration, route_pattern);
  if (buffer_ != nullptr) {
    buffer_->write(line);
  } else {
    sink_->writeLine(line);
  }
}

}  // namespace atrium::host::middleware

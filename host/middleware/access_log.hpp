#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "host/common/buffered_line_writer.hpp"
#include "host/common/logger.hpp"
#include "host/http/request.hpp"

namespace atrium::host::middleware {

// One JSON line per answered request, written to the sink at info level with logger "access":
// {"time","level":"info","logger":"access","msg":"request","method","path","route","status",
//  "duration_ms" (a number with 3 decimals),"bytes","request_id","client_ip","user_agent"?}.
// The path is logged without its query string (queries may carry tokens); user_agent is left
// out when the request has none; route is "" when no route matched. Built with a hand-written
// escaper (json_escape.hpp), one write per line; thread-safe (no mutable state).
class AccessLog {
 public:
  // With `buffer`, lines go through it (written in blocks); without, one write per line.
  explicit AccessLog(const common::LogSink& sink, common::BufferedLineWriter* buffer = nullptr)
      : sink_(&sink), buffer_(buffer) {}

  void record(const http::Request& request, int status, size_t bytes_sent,
              std::chrono::nanoseconds duration, std::string_view route_pattern) const;

  // The line record() writes, without the time field's clock read (for tests and reuse).
  static std::string formatLine(std::string_view time, const http::Request& request, int status,
                                size_t bytes_sent, std::chrono::nanoseconds duration,
                                std::string_view route_pattern);

 private:
  const common::LogSink* sink_;
  common::BufferedLineWriter* buffer_;
};

}  // namespace atrium::host::middleware

#pragma once

// A blocking text/event-stream client over a raw socket, for tests and benchmarks: sends one
// GET, parses the response head, then yields events as the WHATWG parser would (id, event,
// data lines joined by \n, comments counted). Every read has a timeout.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace atrium::testing {

struct SseEvent {
  std::string id;
  std::string event;  // "message" when the stream named none
  std::string data;
};

class SseClient {
 public:
  // Connects to host:port and sends `GET target` with `headers`. Throws HttpClientError when it
  // cannot connect.
  SseClient(const std::string& host, uint16_t port, const std::string& target,
            const std::map<std::string, std::string>& headers = {});
  ~SseClient();
  SseClient(const SseClient&) = delete;
  SseClient& operator=(const SseClient&) = delete;

  // Reads the status line and headers (within `timeout`). Returns the status, 0 on timeout or
  // a closed connection. After a non-200, body() holds what followed the head.
  int readHead(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  std::optional<std::string> header(const std::string& name) const;  // case-insensitive
  std::string body(std::chrono::milliseconds timeout = std::chrono::milliseconds(500));

  // The next event, nullopt on timeout or when the server closed the stream.
  std::optional<SseEvent> next(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Comment lines (heartbeats) seen so far.
  size_t comments() const { return comments_; }
  // True when the server closed the connection within `timeout` (events still unread are
  // skipped).
  bool closedWithin(std::chrono::milliseconds timeout);
  int fd() const { return fd_; }
  void close();

 private:
  // Appends what arrives within `timeout` to buffer_; false on timeout or EOF.
  bool fill(std::chrono::steady_clock::time_point deadline);

  int fd_ = -1;
  bool eof_ = false;
  std::string buffer_;
  std::vector<std::pair<std::string, std::string>> headers_;
  size_t comments_ = 0;
};

}  // namespace atrium::testing

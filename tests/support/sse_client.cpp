#include "tests/support/sse_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

#include "tests/support/http_client.hpp"

namespace atrium::testing {

using Clock = std::chrono::steady_clock;

SseClient::SseClient(const std::string& host, uint16_t port, const std::string& target,
                     const std::map<std::string, std::string>& headers) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw HttpClientError("socket: " + std::string(std::strerror(errno)));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  ::inet_pton(AF_INET, host.c_str(), &addr.sin_addr);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    const std::string reason = std::strerror(errno);
    ::close(fd_);
    fd_ = -1;
    throw HttpClientError("connect " + host + ":" + std::to_string(port) + ": " + reason);
  }
  std::string request = "GET " + target + " HTTP/1.1\r\nHost: " + host +
                        "\r\nAccept: text/event-stream\r\nConnection: keep-alive\r\n";
  for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
  request += "\r\n";
  size_t sent = 0;
  while (sent < request.size()) {
    const ssize_t n = ::send(fd_, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) throw HttpClientError("send failed");
    sent += static_cast<size_t>(n);
  }
}

SseClient::~SseClient() { close(); }

void SseClient::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

bool SseClient::fill(Clock::time_point deadline) {
  if (eof_ || fd_ < 0) return false;
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  if (left.count() <= 0) return false;
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
  char buf[16384];
  const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
  if (n <= 0) {
    eof_ = true;
    return false;
  }
  buffer_.append(buf, static_cast<size_t>(n));
  return true;
}

int SseClient::readHead(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  size_t end;
  while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!fill(deadline)) return 0;
  }
  const std::string head = buffer_.substr(0, end);
  buffer_.erase(0, end + 4);
  size_t line_end = head.find("\r\n");
  const std::string status_line = head.substr(0, line_end);
  const size_t space = status_line.find(' ');
  const int status = space == std::string::npos ? 0 : std::atoi(status_line.c_str() + space + 1);
  while (line_end != std::string::npos) {
    const size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    const std::string line =
        head.substr(start, line_end == std::string::npos ? line_end : line_end - start);
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    headers_.emplace_back(line.substr(0, colon), value);
  }
  return status;
}

std::optional<std::string> SseClient::header(const std::string& name) const {
  for (const auto& [n, v] : headers_) {
    if (::strcasecmp(n.c_str(), name.c_str()) == 0) return v;
  }
  return std::nullopt;
}

std::string SseClient::body(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (fill(deadline)) {}
  std::string out;
  out.swap(buffer_);
  return out;
}

std::optional<SseEvent> SseClient::next(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  SseEvent event;
  bool has_data = false;
  bool any_field = false;
  for (;;) {
    size_t end = buffer_.find('\n');
    if (end == std::string::npos) {
      if (!fill(deadline)) return std::nullopt;
      continue;
    }
    std::string line = buffer_.substr(0, end);
    buffer_.erase(0, end + 1);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      if (any_field && (has_data || !event.event.empty())) {
        if (event.event.empty()) event.event = "message";
        return event;
      }
      event = SseEvent{};
      has_data = any_field = false;
      continue;
    }
    if (line.front() == ':') {
      ++comments_;
      continue;
    }
    const size_t colon = line.find(':');
    std::string field = line.substr(0, colon);
    std::string value = colon == std::string::npos ? "" : line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.erase(0, 1);
    if (field == "retry") continue;
    any_field = true;
    if (field == "id") {
      event.id = value;
    } else if (field == "event") {
      event.event = value;
    } else if (field == "data") {
      if (has_data) event.data += "\n";
      event.data += value;
      has_data = true;
    }
  }
}

bool SseClient::closedWithin(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (!eof_) {
    if (!fill(deadline) && !eof_) return false;
    buffer_.clear();
  }
  return true;
}

}  // namespace atrium::testing

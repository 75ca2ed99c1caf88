#include "tests/support/http_test_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace atrium::testing {
namespace {

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 404: return "Not Found";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
  }
}

}  // namespace

HttpTestServer::HttpTestServer(Handler handler) : handler_(std::move(handler)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 16) != 0) {
    ::close(listen_fd_);
    throw std::runtime_error("HttpTestServer: cannot listen");
  }
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { run(); });
}

HttpTestServer::~HttpTestServer() { stop(); }

void HttpTestServer::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
  if (listen_fd_ >= 0) {
    ::close(listen_fd_);
    listen_fd_ = -1;
  }
}

void HttpTestServer::setHandler(Handler handler) {
  const std::lock_guard<std::mutex> lock(mutex_);
  handler_ = std::move(handler);
}

std::vector<HttpTestRequest> HttpTestServer::requests() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

bool HttpTestServer::waitForRequests(size_t count, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return requests_.size() >= count; });
}

void HttpTestServer::run() {
  std::vector<std::thread> sessions;
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd >= 0) sessions.emplace_back([this, fd] { serve(fd); });
  }
  for (auto& session : sessions) session.join();
}

void HttpTestServer::serve(int fd) {
  std::string data;
  HttpTestRequest request;
  size_t body_start = std::string::npos;
  size_t content_length = 0;
  char chunk[4096];
  while (!stopping_) {
    if (body_start != std::string::npos && data.size() - body_start >= content_length) break;
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, 50);
    if (ready == 0) continue;
    const ssize_t n = ready > 0 ? ::recv(fd, chunk, sizeof chunk, 0) : -1;
    if (n <= 0) {
      ::close(fd);
      return;
    }
    data.append(chunk, static_cast<size_t>(n));
    if (body_start == std::string::npos) {
      const size_t end = data.find("\r\n\r\n");
      if (end == std::string::npos) continue;
      body_start = end + 4;
      size_t line_end = data.find("\r\n");
      const std::string request_line = data.substr(0, line_end);
      request.method = request_line.substr(0, request_line.find(' '));
      const size_t target_start = request_line.find(' ') + 1;
      request.target = request_line.substr(target_start, request_line.rfind(' ') - target_start);
      size_t at = line_end + 2;
      while (at < end) {
        line_end = data.find("\r\n", at);
        const std::string line = data.substr(at, line_end - at);
        const size_t colon = line.find(':');
        if (colon != std::string::npos) {
          std::string value = line.substr(colon + 1);
          while (!value.empty() && value.front() == ' ') value.erase(0, 1);
          request.headers[lower(line.substr(0, colon))] = value;
        }
        at = line_end + 2;
      }
      const std::string length = request.header("content-length");
      content_length = length.empty() ? 0 : std::stoul(length);
    }
  }
  if (stopping_) {
    ::close(fd);
    return;
  }
  request.body = data.substr(body_start, content_length);
  Handler handler;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    requests_.push_back(request);
    handler = handler_;
  }
  changed_.notify_all();
  const HttpTestResponse response = handler(request);
  const auto until = std::chrono::steady_clock::now() + response.delay;
  while (!stopping_ && std::chrono::steady_clock::now() < until) {
    pollfd p{fd, POLLIN, 0};
    ::poll(&p, 1, 20);
    if ((p.revents & (POLLHUP | POLLERR)) != 0) break;
    if ((p.revents & POLLIN) != 0) {
      char c;
      if (::recv(fd, &c, 1, MSG_PEEK) <= 0) break;  // the client gave up
    }
  }
  std::string extra;
  for (const auto& [name, value] : response.headers) extra += name + ": " + value + "\r\n";
  const std::string text = "HTTP/1.1 " + std::to_string(response.status) + " " +
                           reason(response.status) + "\r\nContent-Type: " + response.content_type +
                           "\r\nContent-Length: " + std::to_string(response.body.size()) + "\r\n" +
                           extra + "Connection: close\r\n\r\n" + response.body;
  ::send(fd, text.data(), text.size(), MSG_NOSIGNAL);
  ::close(fd);
}

}  // namespace atrium::testing

#include "tests/support/http_client.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

namespace atrium::testing {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// True when `value` (a comma-separated header value) contains `token`.
bool hasToken(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    auto comma = value.find(',');
    if (iequals(trim(value.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

std::string errnoText(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

}  // namespace

// ---- Headers ----------------------------------------------------------------------------------

Headers::Headers(std::initializer_list<std::pair<std::string, std::string>> list) : list_(list) {}

void Headers::add(std::string name, std::string value) {
  list_.emplace_back(std::move(name), std::move(value));
}

void Headers::set(const std::string& name, std::string value) {
  std::erase_if(list_, [&](const auto& h) { return iequals(h.first, name); });
  list_.emplace_back(name, std::move(value));
}

std::optional<std::string> Headers::get(std::string_view name) const {
  for (const auto& [key, value] : list_) {
    if (iequals(key, name)) return value;
  }
  return std::nullopt;
}

std::vector<std::string> Headers::getAll(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [key, value] : list_) {
    if (iequals(key, name)) out.push_back(value);
  }
  return out;
}

// ---- HttpClient -------------------------------------------------------------------------------

HttpClient::HttpClient(std::string host, std::uint16_t port, std::chrono::milliseconds timeout)
    : host_(std::move(host)), port_(port), timeout_(timeout) {}

HttpClient::~HttpClient() { close(); }

HttpClient::HttpClient(HttpClient&& other) noexcept
    : host_(std::move(other.host_)),
      port_(other.port_),
      timeout_(other.timeout_),
      fd_(std::exchange(other.fd_, -1)),
      connect_count_(other.connect_count_),
      responses_on_connection_(other.responses_on_connection_),
      buffer_(std::move(other.buffer_)) {}

HttpClient& HttpClient::operator=(HttpClient&& other) noexcept {
  if (this != &other) {
    close();
    host_ = std::move(other.host_);
    port_ = other.port_;
    timeout_ = other.timeout_;
    fd_ = std::exchange(other.fd_, -1);
    connect_count_ = other.connect_count_;
    responses_on_connection_ = other.responses_on_connection_;
    buffer_ = std::move(other.buffer_);
  }
  return *this;
}

void HttpClient::setTimeout(std::chrono::milliseconds timeout) {
  timeout_ = timeout;
  if (fd_ >= 0) {
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(timeout_.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((timeout_.count() % 1000) * 1000);
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
  }
}

void HttpClient::connect() {
  close();
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* result = nullptr;
  const std::string port_text = std::to_string(port_);
  if (int rc = ::getaddrinfo(host_.c_str(), port_text.c_str(), &hints, &result); rc != 0) {
    throw HttpClientError("resolve " + host_ + ": " + ::gai_strerror(rc));
  }
  std::string last_error = "no address";
  for (addrinfo* ai = result; ai != nullptr; ai = ai->ai_next) {
    int fd =
        ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
    if (fd < 0) {
      last_error = errnoText("socket");
      continue;
    }
    int rc = ::connect(fd, ai->ai_addr, ai->ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS) {
      pollfd pfd{fd, POLLOUT, 0};
      rc = ::poll(&pfd, 1, static_cast<int>(timeout_.count()));
      if (rc == 1) {
        int err = 0;
        socklen_t len = sizeof(err);
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
        errno = err;
        rc = err == 0 ? 0 : -1;
      } else {
        errno = rc == 0 ? ETIMEDOUT : errno;
        rc = -1;
      }
    }
    if (rc != 0) {
      last_error = errnoText("connect");
      ::close(fd);
      continue;
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    fd_ = fd;
    break;
  }
  ::freeaddrinfo(result);
  if (fd_ < 0) {
    throw HttpClientError("cannot connect to " + host_ + ":" + port_text + ": " + last_error);
  }
  setTimeout(timeout_);
  ++connect_count_;
  responses_on_connection_ = 0;
  buffer_.clear();
}

void HttpClient::close() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  buffer_.clear();
}

void HttpClient::ensureConnected() {
  if (fd_ < 0) connect();
}

void HttpClient::sendAll(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::string error =
          errno == EAGAIN || errno == EWOULDBLOCK ? "send: timed out" : errnoText("send");
      close();
      throw HttpClientError(error);
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

bool HttpClient::fill() {
  if (fd_ < 0) throw HttpClientError("read: not connected");
  char chunk[16384];
  for (;;) {
    ssize_t n = ::recv(fd_, chunk, sizeof(chunk), 0);
    if (n > 0) {
      buffer_.append(chunk, static_cast<std::size_t>(n));
      return true;
    }
    if (n == 0) return false;
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      throw HttpClientError("read: no data from " + host_ + ":" + std::to_string(port_) +
                            " within " + std::to_string(timeout_.count()) + " ms");
    }
    if (errno == ECONNRESET) return false;
    throw HttpClientError(errnoText("recv"));
  }
}

std::string HttpClient::readLine() {
  for (;;) {
    auto pos = buffer_.find("\r\n");
    if (pos != std::string::npos) {
      std::string line = buffer_.substr(0, pos);
      buffer_.erase(0, pos + 2);
      return line;
    }
    if (buffer_.size() > 1 << 20) throw HttpClientError("header line longer than 1 MiB");
    if (!fill()) throw HttpClientError("connection closed in the middle of a line");
  }
}

std::string HttpClient::readExactly(std::size_t n) {
  while (buffer_.size() < n) {
    if (!fill()) {
      throw HttpClientError("connection closed after " + std::to_string(buffer_.size()) + " of " +
                            std::to_string(n) + " body bytes");
    }
  }
  std::string out = buffer_.substr(0, n);
  buffer_.erase(0, n);
  return out;
}

std::string HttpClient::readChunked(Headers& trailers) {
  std::string body;
  for (;;) {
    std::string size_line = readLine();
    auto semi = size_line.find(';');
    std::string hex(trim(std::string_view(size_line).substr(0, semi)));
    if (hex.empty() || hex.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
      throw HttpClientError("bad chunk size line: '" + size_line + "'");
    }
    std::size_t size = std::stoul(hex, nullptr, 16);
    if (size == 0) break;
    body += readExactly(size);
    if (!readLine().empty()) throw HttpClientError("chunk not followed by CRLF");
  }
  for (;;) {  // trailers, then the empty line
    std::string line = readLine();
    if (line.empty()) break;
    auto colon = line.find(':');
    if (colon == std::string::npos) throw HttpClientError("bad trailer line: '" + line + "'");
    trailers.add(line.substr(0, colon),
                 std::string(trim(std::string_view(line).substr(colon + 1))));
  }
  return body;
}

std::string HttpClient::readToClose() {
  while (fill()) {}
  return std::exchange(buffer_, {});
}

Response HttpClient::readResponse(bool head) {
  ensureConnected();
  Response response;
  for (;;) {
    // Status line. An orderly close before any byte is reported distinctly (see request()).
    if (buffer_.empty() && !fill()) {
      close();
      throw HttpClientError("connection closed by server before a response");
    }
    std::string status_line = readLine();
    // "HTTP/1.1 200 OK"
    auto sp1 = status_line.find(' ');
    if (sp1 == std::string::npos || status_line.rfind("HTTP/", 0) != 0) {
      throw HttpClientError("bad status line: '" + status_line + "'");
    }
    auto sp2 = status_line.find(' ', sp1 + 1);
    std::string code = status_line.substr(sp1 + 1, sp2 == std::string::npos ? sp2 : sp2 - sp1 - 1);
    if (code.size() != 3 || code.find_first_not_of("0123456789") != std::string::npos) {
      throw HttpClientError("bad status code in: '" + status_line + "'");
    }
    response.version = status_line.substr(0, sp1);
    response.status = std::stoi(code);
    response.reason = sp2 == std::string::npos ? "" : status_line.substr(sp2 + 1);
    response.headers = Headers();
    for (;;) {
      std::string line = readLine();
      if (line.empty()) break;
      auto colon = line.find(':');
      if (colon == std::string::npos) throw HttpClientError("bad header line: '" + line + "'");
      response.headers.add(line.substr(0, colon),
                           std::string(trim(std::string_view(line).substr(colon + 1))));
    }
    // 1xx interim responses (100 Continue) are skipped.
    if (response.status >= 200 || response.status == 101) break;
  }

  bool close_after = false;
  for (const auto& value : response.headers.getAll("Connection")) {
    if (hasToken(value, "close")) close_after = true;
  }
  if (response.version == "HTTP/1.0") {
    bool keep = false;
    for (const auto& value : response.headers.getAll("Connection")) {
      if (hasToken(value, "keep-alive")) keep = true;
    }
    close_after = close_after || !keep;
  }

  const bool no_body =
      head || response.status == 204 || response.status == 304 || response.status == 101;
  auto transfer = response.headers.get("Transfer-Encoding");
  auto length = response.headers.get("Content-Length");
  if (no_body) {
    // nothing to read
  } else if (transfer && hasToken(*transfer, "chunked")) {
    response.chunked = true;
    response.body = readChunked(response.headers);
  } else if (length) {
    std::string text(trim(*length));
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) {
      throw HttpClientError("bad Content-Length: '" + *length + "'");
    }
    response.body = readExactly(std::stoull(text));
  } else {
    response.body = readToClose();
    close_after = true;
  }

  ++responses_on_connection_;
  if (close_after) {
    close();
    response.connection_closed = true;
  }
  return response;
}

Response HttpClient::request(std::string_view method, std::string_view target,
                             const Headers& headers, std::string_view body) {
  std::string wire;
  wire.reserve(256 + body.size());
  wire.append(method).append(" ").append(target).append(" HTTP/1.1\r\n");
  if (!headers.has("Host"))
    wire.append("Host: ").append(host_).append(":").append(std::to_string(port_)).append("\r\n");
  const bool wants_length =
      !body.empty() || method == "POST" || method == "PUT" || method == "PATCH";
  if (wants_length && !headers.has("Content-Length") && !headers.has("Transfer-Encoding")) {
    wire.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
  }
  for (const auto& [name, value] : headers)
    wire.append(name).append(": ").append(value).append("\r\n");
  wire.append("\r\n").append(body);

  const bool head = method == "HEAD";
  for (int attempt = 0;; ++attempt) {
    const bool reused = fd_ >= 0 && responses_on_connection_ > 0;
    ensureConnected();
    try {
      sendAll(wire);
      return readResponse(head);
    } catch (const HttpClientError&) {
      // A kept-alive connection the server already closed: retry once on a fresh one.
      if (reused && attempt == 0 && fd_ < 0 && buffer_.empty()) continue;
      throw;
    }
  }
}

Response HttpClient::post(std::string_view target, std::string_view body,
                          std::string_view content_type, Headers headers) {
  if (!headers.has("Content-Type")) headers.add("Content-Type", std::string(content_type));
  return request("POST", target, headers, body);
}

void HttpClient::sendRaw(std::string_view bytes) {
  ensureConnected();
  sendAll(bytes);
}

bool HttpClient::waitForClose(std::chrono::milliseconds wait) {
  if (fd_ < 0) return true;
  auto deadline = std::chrono::steady_clock::now() + wait;
  char chunk[4096];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd pfd{fd_, POLLIN, 0};
    int rc = ::poll(&pfd, 1, static_cast<int>(left.count()));
    if (rc < 0 && errno == EINTR) continue;
    if (rc <= 0) return false;
    ssize_t n = ::recv(fd_, chunk, sizeof(chunk), MSG_DONTWAIT);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
      close();
      return true;
    }
  }
}

std::string HttpClient::readAvailable(std::chrono::milliseconds wait) {
  ensureConnected();
  std::string out = std::exchange(buffer_, {});
  auto deadline = std::chrono::steady_clock::now() + wait;
  char chunk[16384];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return out;
    pollfd pfd{fd_, POLLIN, 0};
    int rc = ::poll(&pfd, 1, static_cast<int>(left.count()));
    if (rc < 0 && errno == EINTR) continue;
    if (rc <= 0) return out;
    ssize_t n = ::recv(fd_, chunk, sizeof(chunk), MSG_DONTWAIT);
    if (n > 0) {
      out.append(chunk, static_cast<std::size_t>(n));
    } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
      close();
      return out;
    }
  }
}

// ---- one-shot helpers -------------------------------------------------------------------------

Response httpRequest(std::uint16_t port, std::string_view method, std::string_view target,
                     const Headers& headers, std::string_view body, const std::string& host) {
  HttpClient client(host, port);
  return client.request(method, target, headers, body);
}

Response httpGet(std::uint16_t port, std::string_view target, const Headers& headers,
                 const std::string& host) {
  return httpRequest(port, "GET", target, headers, {}, host);
}

}  // namespace atrium::testing

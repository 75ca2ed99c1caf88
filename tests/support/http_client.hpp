#pragma once

// A small blocking HTTP/1.1 client over a raw socket, for tests. It is deliberately simple and
// strict: it sends exactly what it is given (plus Host and Content-Length when missing), keeps
// one connection alive across requests, and never hangs a test (every read has a timeout).

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace atrium::testing {

// Thrown on connection failure, timeout, or a response that is not valid HTTP/1.x.
class HttpClientError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Ordered, multi-valued header list with case-insensitive lookup.
class Headers {
 public:
  Headers() = default;
  Headers(std::initializer_list<std::pair<std::string, std::string>> list);

  void add(std::string name, std::string value);
  // Replaces every header of that name with one value.
  void set(const std::string& name, std::string value);
  // First value of `name`, if any.
  std::optional<std::string> get(std::string_view name) const;
  // All values of `name`, in order.
  std::vector<std::string> getAll(std::string_view name) const;
  bool has(std::string_view name) const { return get(name).has_value(); }
  std::size_t count(std::string_view name) const { return getAll(name).size(); }
  std::size_t size() const { return list_.size(); }
  bool empty() const { return list_.empty(); }
  auto begin() const { return list_.begin(); }
  auto end() const { return list_.end(); }

 private:
  std::vector<std::pair<std::string, std::string>> list_;
};

struct Response {
  std::string version;  // "HTTP/1.1"
  int status = 0;
  std::string reason;
  Headers headers;
  std::string body;
  bool chunked = false;            // the body came chunk-framed
  bool connection_closed = false;  // the client closed the socket after this response

  // First value of a header, or "" when absent.
  std::string header(std::string_view name) const { return headers.get(name).value_or(""); }
  // The body parsed as JSON; throws nlohmann::json::parse_error when it is not.
  nlohmann::json json() const { return nlohmann::json::parse(body); }
};

class HttpClient {
 public:
  HttpClient(std::string host, std::uint16_t port,
             std::chrono::milliseconds timeout = std::chrono::seconds(10));
  explicit HttpClient(std::uint16_t port,
                      std::chrono::milliseconds timeout = std::chrono::seconds(10))
      : HttpClient("127.0.0.1", port, timeout) {}
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;
  HttpClient(HttpClient&& other) noexcept;
  HttpClient& operator=(HttpClient&& other) noexcept;

  // Opens the connection now (request() does it lazily). Throws HttpClientError.
  void connect();
  void close();
  bool connected() const { return fd_ >= 0; }
  // TCP connections opened so far: 1 after any number of keep-alive requests on one socket.
  int connectCount() const { return connect_count_; }
  std::chrono::milliseconds timeout() const { return timeout_; }
  void setTimeout(std::chrono::milliseconds timeout);

  // Sends one request and reads its response on the kept-alive connection. Adds
  // `Host: host:port` and `Content-Length` (when there is a body or the method is
  // POST/PUT/PATCH) unless given. Adds no Connection header. Closes the socket after a response
  // with `Connection: close` or one delimited by the end of the connection. If a reused
  // connection turns out to be closed by the server before any response byte, reconnects once.
  Response request(std::string_view method, std::string_view target, const Headers& headers = {},
                   std::string_view body = {});
  Response get(std::string_view target, const Headers& headers = {}) {
    return request("GET", target, headers);
  }
  Response post(std::string_view target, std::string_view body,
                std::string_view content_type = "application/json", Headers headers = {});
  Response postJson(std::string_view target, const nlohmann::json& body, Headers headers = {}) {
    return post(target, body.dump(), "application/json", std::move(headers));
  }

  // For malformed-input tests: send bytes as they are (connects first if needed)...
  void sendRaw(std::string_view bytes);
  // ...then read one response (`head` = it answers a HEAD request: no body).
  Response readResponse(bool head = false);
  // True when the server closes the connection within `wait` (any bytes that arrive first
  // are discarded). False if it is still open then.
  bool waitForClose(std::chrono::milliseconds wait);
  // Whatever bytes arrive within `wait` (until the peer closes or `wait` passes), unparsed.
  std::string readAvailable(std::chrono::milliseconds wait);

 private:
  void ensureConnected();
  // Appends at least one byte to buffer_; false on orderly close. Throws on timeout/error.
  bool fill();
  std::string readLine();
  std::string readExactly(std::size_t n);
  std::string readChunked(Headers& trailers);
  std::string readToClose();
  void sendAll(std::string_view bytes);

  std::string host_;
  std::uint16_t port_;
  std::chrono::milliseconds timeout_;
  int fd_ = -1;
  int connect_count_ = 0;
  std::size_t responses_on_connection_ = 0;
  std::string buffer_;  // received, not yet consumed
};

// One-shot helpers: a fresh connection per call, closed afterwards.
Response httpRequest(std::uint16_t port, std::string_view method, std::string_view target,
                     const Headers& headers = {}, std::string_view body = {},
                     const std::string& host = "127.0.0.1");
Response httpGet(std::uint16_t port, std::string_view target, const Headers& headers = {},
                 const std::string& host = "127.0.0.1");

}  // namespace atrium::testing

#pragma once

// A small HTTP/1.1 server for tests of outgoing HTTP calls (the Twilio-format SMS transport, the
// AI providers):
// every request is answered by a function the test gives, then the connection is closed.
//
//   HttpTestServer server([](const HttpTestRequest& r) {
//     return HttpTestResponse{201, R"({"sid":"SM1"})"};
//   });
//   ... POST to server.url() + "/2010-04-01/..." ...
//   EXPECT_EQ(server.requests()[0].body, "To=...");

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace atrium::testing {

struct HttpTestRequest {
  std::string method;
  std::string target;                          // path and query
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string header(const std::string& lower_name) const {
    const auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

struct HttpTestResponse {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::chrono::milliseconds delay{0};  // wait before answering (a slow or hanging provider)
  std::vector<std::pair<std::string, std::string>> headers = {};  // extra: {"Retry-After", "1"}
};

class HttpTestServer {
 public:
  using Handler = std::function<HttpTestResponse(const HttpTestRequest&)>;
  explicit HttpTestServer(Handler handler);
  ~HttpTestServer();  // stop()
  HttpTestServer(const HttpTestServer&) = delete;
  HttpTestServer& operator=(const HttpTestServer&) = delete;

  uint16_t port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  void setHandler(Handler handler);
  std::vector<HttpTestRequest> requests() const;
  bool waitForRequests(size_t count,
                       std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;
  void stop();

 private:
  void run();
  void serve(int fd);

  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  Handler handler_;
  std::vector<HttpTestRequest> requests_;
  std::thread thread_;
};

}  // namespace atrium::testing

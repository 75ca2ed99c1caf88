// Tests of the test-support HTTP client (tests/support/http_client.*) against a tiny scripted
// socket server, so that integration tests can trust what the client reports.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/http_client.hpp"

namespace {

using atrium::testing::Headers;
using atrium::testing::HttpClient;
using atrium::testing::HttpClientError;
using namespace std::chrono_literals;

struct Reply {
  std::string bytes;         // written as is
  bool close_after = false;  // close the connection after writing
};

// Accepts connections on 127.0.0.1:0 and answers each complete request (head + Content-Length
// body) with handler(request). Records every request it read.
class ScriptedServer {
 public:
  explicit ScriptedServer(std::function<Reply(const std::string&)> handler)
      : handler_(std::move(handler)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
        ::listen(listen_fd_, 16) != 0) {
      throw std::runtime_error("ScriptedServer: bind/listen failed");
    }
    socklen_t len = sizeof(addr);
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { acceptLoop(); });
  }

  ~ScriptedServer() {
    stop_ = true;
    thread_.join();
    ::close(listen_fd_);
  }

  std::uint16_t port() const { return port_; }
  int connections() const { return connections_.load(); }
  std::vector<std::string> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  void acceptLoop() {
    while (!stop_) {
      pollfd pfd{listen_fd_, POLLIN, 0};
      if (::poll(&pfd, 1, 20) != 1) continue;
      int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      ++connections_;
      serve(fd);  // one connection at a time is enough for these tests
      ::close(fd);
    }
  }

  void serve(int fd) {
    std::string buffer;
    char chunk[4096];
    while (!stop_) {
      // Complete request in the buffer?
      auto head_end = buffer.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        std::size_t body_len = 0;
        std::string head = buffer.substr(0, head_end);
        std::string lower_head = head;
        for (char& c : lower_head)
          c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        auto cl = lower_head.find("content-length:");
        if (cl != std::string::npos) body_len = std::stoul(head.substr(cl + 15));
        if (buffer.size() >= head_end + 4 + body_len) {
          std::string request = buffer.substr(0, head_end + 4 + body_len);
          buffer.erase(0, request.size());
          {
            std::lock_guard lock(mutex_);
            requests_.push_back(request);
          }
          Reply reply = handler_(request);
          if (!reply.bytes.empty()) {
            ssize_t ignored = ::send(fd, reply.bytes.data(), reply.bytes.size(), MSG_NOSIGNAL);
            (void)ignored;
          }
          if (reply.close_after) return;
          continue;
        }
      }
      pollfd pfd{fd, POLLIN, 0};
      if (::poll(&pfd, 1, 20) != 1) continue;
      ssize_t n = ::recv(fd, chunk, sizeof(chunk), 0);
      if (n <= 0) return;
      buffer.append(chunk, static_cast<std::size_t>(n));
    }
  }

  std::function<Reply(const std::string&)> handler_;
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  mutable std::mutex mutex_;
  std::vector<std::string> requests_;
  std::thread thread_;
};

Reply ok(const std::string& body, const std::string& extra_headers = "") {
  return {"HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" +
              extra_headers + "\r\n" + body,
          false};
}

TEST(TestSupportHttpClient, KeepsOneConnectionAliveAcrossRequests) {
  ScriptedServer server([](const std::string&) { return ok("hi"); });
  HttpClient client(server.port());
  for (int i = 0; i < 3; ++i) {
    auto response = client.get("/x");
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, "hi");
    EXPECT_FALSE(response.connection_closed);
  }
  EXPECT_EQ(client.connectCount(), 1);
  EXPECT_EQ(server.connections(), 1);
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].rfind("GET /x HTTP/1.1\r\n", 0), 0u);
  EXPECT_NE(requests[0].find("Host: 127.0.0.1:" + std::to_string(server.port()) + "\r\n"),
            std::string::npos);
  EXPECT_EQ(requests[0].find("Connection"), std::string::npos) << "adds no Connection header";
}

TEST(TestSupportHttpClient, ParsesStatusAndMultiValuedCaseInsensitiveHeaders) {
  ScriptedServer server([](const std::string&) {
    return Reply{
        "HTTP/1.1 404 Not Found\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\n"
        "Content-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"error\":404}"};
  });
  auto response = atrium::testing::httpGet(server.port(), "/missing");
  EXPECT_EQ(response.version, "HTTP/1.1");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.reason, "Not Found");
  EXPECT_EQ(response.headers.getAll("SET-COOKIE"), (std::vector<std::string>{"a=1", "b=2"}));
  EXPECT_EQ(response.header("content-type"), "application/json");
  EXPECT_EQ(response.header("X-Absent"), "");
  EXPECT_EQ(response.json()["error"], 404);
}

TEST(TestSupportHttpClient, ReadsChunkedBodiesWithExtensionsAndTrailers) {
  ScriptedServer server([](const std::string&) {
    return Reply{
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n"};
  });
  HttpClient client(server.port());
  auto response = client.get("/stream");
  EXPECT_TRUE(response.chunked);
  EXPECT_EQ(response.body, "hello world");
  EXPECT_EQ(response.header("X-Trailer"), "t");
  EXPECT_EQ(client.get("/again").body, "hello world");
  EXPECT_EQ(client.connectCount(), 1);
}

TEST(TestSupportHttpClient, ClosesOnConnectionCloseAndReconnectsNextTime) {
  ScriptedServer server([](const std::string&) {
    return Reply{"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok", true};
  });
  HttpClient client(server.port());
  auto first = client.get("/");
  EXPECT_TRUE(first.connection_closed);
  EXPECT_FALSE(client.connected());
  EXPECT_EQ(client.get("/").body, "ok");
  EXPECT_EQ(client.connectCount(), 2);
}

TEST(TestSupportHttpClient, ReadsBodyDelimitedByClose) {
  ScriptedServer server([](const std::string&) {
    return Reply{"HTTP/1.1 200 OK\r\n\r\nuntil the end", true};
  });
  auto response = atrium::testing::httpGet(server.port(), "/");
  EXPECT_EQ(response.body, "until the end");
  EXPECT_TRUE(response.connection_closed);
}

TEST(TestSupportHttpClient, PostSendsBodyContentLengthAndType) {
  ScriptedServer server(
      [](const std::string& request) { return ok(request.substr(request.find("\r\n\r\n") + 4)); });
  HttpClient client(server.port());
  auto response = client.postJson("/items", {{"name", "x"}});
  EXPECT_EQ(response.body, R"({"name":"x"})");
  const auto request = server.requests().at(0);
  EXPECT_NE(request.find("Content-Length: 12\r\n"), std::string::npos);
  EXPECT_NE(request.find("Content-Type: application/json\r\n"), std::string::npos);
  // An empty POST still says Content-Length: 0.
  client.request("POST", "/empty");
  EXPECT_NE(server.requests().at(1).find("Content-Length: 0\r\n"), std::string::npos);
}

TEST(TestSupportHttpClient, HeadResponsesHaveNoBodyAndInterimResponsesAreSkipped) {
  ScriptedServer server([](const std::string& request) {
    if (request.rfind("HEAD", 0) == 0) return Reply{"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"};
    return Reply{"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 1\r\n\r\nx"};
  });
  HttpClient client(server.port());
  auto head = client.request("HEAD", "/");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.body, "");
  auto created = client.request("PUT", "/", {}, "x");
  EXPECT_EQ(created.status, 201);
  EXPECT_EQ(created.body, "x");
  EXPECT_EQ(client.connectCount(), 1);
}

TEST(TestSupportHttpClient, TimesOutInsteadOfHanging) {
  ScriptedServer server([](const std::string&) { return Reply{}; });  // never answers
  HttpClient client(server.port(), 200ms);
  auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(client.get("/"), HttpClientError);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
}

TEST(TestSupportHttpClient, RetriesOnceWhenAKeptAliveConnectionWasClosed) {
  // Answers without saying it closes, then closes: the next request must reconnect.
  ScriptedServer server([](const std::string&) { return Reply{ok("ok").bytes, true}; });
  HttpClient client(server.port());
  EXPECT_EQ(client.get("/").body, "ok");
  EXPECT_EQ(client.get("/").body, "ok");
  EXPECT_EQ(client.connectCount(), 2);
}

TEST(TestSupportHttpClient, RawBytesForMalformedRequests) {
  ScriptedServer server([](const std::string&) {
    return Reply{"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n", true};
  });
  HttpClient client(server.port());
  client.sendRaw("BREW /pot HTCPCP/1.0\r\n\r\n");
  EXPECT_EQ(client.readResponse().status, 400);
  EXPECT_TRUE(client.waitForClose(2s));
}

TEST(TestSupportHttpClient, WaitForCloseIsFalseWhileTheServerKeepsTheConnection) {
  ScriptedServer server([](const std::string&) { return ok("ok"); });
  HttpClient client(server.port());
  client.get("/");
  EXPECT_FALSE(client.waitForClose(100ms));
  EXPECT_EQ(client.readAvailable(50ms), "");
}

TEST(TestSupportHttpClient, ConnectFailureIsAnError) {
  std::uint16_t port = 0;
  {
    ScriptedServer server([](const std::string&) { return Reply{}; });
    port = server.port();
  }
  EXPECT_THROW(atrium::testing::httpGet(port, "/"), HttpClientError);
}

TEST(TestSupportHttpClient, HeadersSetReplacesAllValues) {
  Headers headers{{"Accept", "a"}, {"accept", "b"}};
  EXPECT_EQ(headers.count("ACCEPT"), 2u);
  headers.set("Accept", "c");
  EXPECT_EQ(headers.getAll("accept"), (std::vector<std::string>{"c"}));
  EXPECT_FALSE(headers.has("Authorization"));
}

}  // namespace

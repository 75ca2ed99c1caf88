// HTTP behaviour over real sockets, including Pistache 0.0.5's measured pitfalls
// (PLATFORM_NOTES.md): keep-alive without a Connection header, size limits, malformed input.
#include <chrono>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "tests/integration/integration_config.hpp"
#include "tests/support/test_server.hpp"

namespace atrium::testing {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

class HttpProtocolTest : public ::testing::Test {
 protected:
  // Started by the first test that needs it (not in SetUpTestSuite: a failure there is reported
  // by ctest as "skipped"), shared by the rest of the suite.
  void SetUp() override {
    if (!server_)
      server_ = std::make_unique<TestServer>(hostCoreConfig("  max_request_size: 64KiB\n"));
  }
  static void TearDownTestSuite() { server_.reset(); }
  static std::unique_ptr<TestServer> server_;
};
std::unique_ptr<TestServer> HttpProtocolTest::server_;

TEST_F(HttpProtocolTest, Http11WithoutConnectionHeaderKeepsTheConnection) {
  auto client = server_->client();
  for (int i = 0; i < 20; ++i) {
    client.sendRaw("GET /json HTTP/1.1\r\nHost: x\r\n\r\n");
    auto res = client.readResponse();
    ASSERT_EQ(res.status, 200);
    EXPECT_NE(res.header("Connection"), "Close");
    EXPECT_FALSE(res.connection_closed);
  }
  EXPECT_EQ(client.connectCount(), 1);
}

TEST_F(HttpProtocolTest, ExplicitKeepAliveIsHonoured) {
  auto client = server_->client();
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(client.get("/json", {{"Connection", "keep-alive"}}).status, 200);
  }
  EXPECT_EQ(client.connectCount(), 1);
}

TEST_F(HttpProtocolTest, BodyOverRouteLimitIs413InEnvelope) {
  auto client = server_->client();
  auto ok = client.post("/echo/1", std::string(1024, 'a'), "text/plain");
  EXPECT_EQ(ok.status, 200);
  auto res = client.post("/echo/1", std::string(1025, 'a'), "text/plain");
  EXPECT_EQ(res.status, 413);
  EXPECT_EQ(res.json()["error"]["code"], "payload_too_large");
  // Nothing is half-done: the connection still serves.
  EXPECT_EQ(client.get("/json").status, 200);
}

TEST_F(HttpProtocolTest, RequestOverGlobalLimitIs413) {
  auto client = server_->client();
  auto res = client.post("/echo/1", std::string(100 * 1024, 'a'), "text/plain");
  EXPECT_EQ(res.status, 413);
  EXPECT_EQ(server_->client().get("/health").status, 200);
}

// The limits Pistache applies are the configured ones on every reactor's handler clone (a
// clone that lost them refused anything over Pistache's 4 KiB default).
TEST_F(HttpProtocolTest, RequestUnderGlobalLimitReachesTheRoute) {
  auto client = server_->client();
  auto res = client.post("/web/items", std::string(32 * 1024, 'a'), "text/plain");
  ASSERT_EQ(res.status, 200) << res.body.substr(0, 200);
  EXPECT_EQ(res.json()["body"].get<std::string>().size(), 32u * 1024);
}

TEST_F(HttpProtocolTest, BadMethodIs400) {
  auto client = server_->client();
  client.sendRaw("BREW /json HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(client.readResponse().status, 400);
}

TEST_F(HttpProtocolTest, BadVersionIs400) {
  auto client = server_->client();
  client.sendRaw("GET /json HTTP/9.9\r\nHost: x\r\n\r\n");
  EXPECT_EQ(client.readResponse().status, 400);
}

TEST_F(HttpProtocolTest, HeaderWithoutColonTimesOutWith408AndDoesNotBlockOthers) {
  auto stuck = server_->client(milliseconds(5000));
  auto started = Clock::now();
  stuck.sendRaw("GET /json HTTP/1.1\r\nHost: x\r\nthis is not a header\r\n\r\n");
  // Meanwhile the server answers everyone else at once.
  auto other = server_->client(milliseconds(2000));
  EXPECT_EQ(other.get("/health").status, 200);
  auto res = stuck.readResponse();
  EXPECT_EQ(res.status, 408);
  EXPECT_LT(Clock::now() - started, milliseconds(4000));  // header_timeout is 1s
}

TEST_F(HttpProtocolTest, IncompleteHeadersTimeOutWith408) {
  auto client = server_->client(milliseconds(5000));
  client.sendRaw("GET /json HTTP/1.1\r\nHost: x\r\n");
  EXPECT_EQ(client.readResponse().status, 408);
}

TEST_F(HttpProtocolTest, HandlerSlowerThanHeaderTimeoutStillAnswers) {
  // header_timeout is 1 s here: it bounds receiving the headers, not the handler's work.
  auto client = server_->client(milliseconds(5000));
  auto res = client.get("/sleep?ms=2500");
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.json()["slept_ms"], 2500);
}

TEST_F(HttpProtocolTest, SlowHandlersRunOffTheNetworkThread) {
  // 4 requests to a handler sleeping 500 ms finish together in about 0.5 s, and /health
  // answers within 50 ms meanwhile (reactor_threads is 1).
  std::vector<std::unique_ptr<HttpClient>> clients;
  for (int i = 0; i < 4; ++i) {
    clients.push_back(std::make_unique<HttpClient>(server_->port()));
    clients.back()->connect();
  }
  const auto started = Clock::now();
  for (auto& client : clients) client->sendRaw("GET /sleep?ms=500 HTTP/1.1\r\nHost: x\r\n\r\n");
  std::this_thread::sleep_for(milliseconds(100));
  auto health_started = Clock::now();
  EXPECT_EQ(server_->client().get("/health").status, 200);
  EXPECT_LT(Clock::now() - health_started, milliseconds(50));
  for (auto& client : clients) EXPECT_EQ(client->readResponse().status, 200);
  const auto total = Clock::now() - started;
  EXPECT_GE(total, milliseconds(480));
  EXPECT_LT(total, milliseconds(1000)) << "handlers were serialised";
}

}  // namespace
}  // namespace atrium::testing

// Middleware through the real binary: request ids, security headers, CORS, access log.
#include <memory>

#include <gtest/gtest.h>

#include "tests/integration/integration_config.hpp"
#include "tests/support/test_server.hpp"

namespace atrium::testing {
namespace {

class MiddlewareTest : public ::testing::Test {
 protected:
  // Started by the first test that needs it (not in SetUpTestSuite: a failure there is reported
  // by ctest as "skipped"), shared by the rest of the suite.
  void SetUp() override {
    if (server_) return;
    server_ = std::make_unique<TestServer>(hostCoreConfig("", R"(security_headers:
  hsts: {enabled: true, max_age: 1h, include_subdomains: false}
)"));
  }
  static void TearDownTestSuite() { server_.reset(); }
  static std::unique_ptr<TestServer> server_;
};
std::unique_ptr<TestServer> MiddlewareTest::server_;

TEST_F(MiddlewareTest, SaneIncomingRequestIdIsKeptAndEchoed) {
  auto res = server_->client().get("/json", {{"X-Request-Id", "abc-123.DEF:9"}});
  EXPECT_EQ(res.header("X-Request-Id"), "abc-123.DEF:9");
}

TEST_F(MiddlewareTest, InsaneRequestIdIsReplaced) {
  auto res = server_->client().get("/json", {{"X-Request-Id", std::string(300, 'a')}});
  const std::string id = res.header("X-Request-Id");
  EXPECT_EQ(id.size(), 32u);
  auto res2 = server_->client().get("/json", {{"X-Request-Id", "has space"}});
  EXPECT_NE(res2.header("X-Request-Id"), "has space");
  EXPECT_EQ(res2.header("X-Request-Id").size(), 32u);
}

TEST_F(MiddlewareTest, GeneratedRequestIdsDiffer) {
  auto client = server_->client();
  EXPECT_NE(client.get("/json").header("X-Request-Id"), client.get("/json").header("X-Request-Id"));
}

TEST_F(MiddlewareTest, SecurityHeadersOnEveryAnswerIncludingErrors) {
  for (const char* path : {"/json", "/nope", "/throw"}) {
    auto res = server_->client().get(path);
    EXPECT_EQ(res.header("X-Content-Type-Options"), "nosniff") << path;
    EXPECT_EQ(res.header("X-Frame-Options"), "DENY") << path;
    EXPECT_EQ(res.header("Referrer-Policy"), "no-referrer") << path;
    EXPECT_EQ(res.header("Content-Security-Policy"), "frame-ancestors 'none'") << path;
    EXPECT_EQ(res.header("Strict-Transport-Security"), "max-age=3600") << path;
  }
}

TEST_F(MiddlewareTest, CorsAllowedOriginGetsHeaders) {
  auto res = server_->client().get("/web/items", {{"Origin", "https://app.example.com"}});
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.header("Access-Control-Allow-Origin"), "https://app.example.com");
  EXPECT_EQ(res.header("Access-Control-Allow-Credentials"), "true");
  EXPECT_NE(res.header("Vary").find("Origin"), std::string::npos);
}

TEST_F(MiddlewareTest, CorsDisallowedOriginGetsNoHeaders) {
  auto res = server_->client().get("/web/items", {{"Origin", "https://evil.example.com"}});
  EXPECT_EQ(res.status, 200);
  EXPECT_FALSE(res.headers.has("Access-Control-Allow-Origin"));
}

TEST_F(MiddlewareTest, CorsNotConfiguredOnRouteMeansNoHeaders) {
  auto res = server_->client().get("/json", {{"Origin", "https://app.example.com"}});
  EXPECT_FALSE(res.headers.has("Access-Control-Allow-Origin"));
}

TEST_F(MiddlewareTest, CorsPreflightAllowed) {
  auto res = server_->client().request("OPTIONS", "/web/items",
                                       {{"Origin", "https://app.example.com"},
                                        {"Access-Control-Request-Method", "POST"},
                                        {"Access-Control-Request-Headers", "content-type"}});
  EXPECT_EQ(res.status, 204);
  EXPECT_EQ(res.header("Access-Control-Allow-Origin"), "https://app.example.com");
  EXPECT_NE(res.header("Access-Control-Allow-Methods").find("POST"), std::string::npos);
  EXPECT_EQ(res.header("Access-Control-Max-Age"), "600");
}

TEST_F(MiddlewareTest, CorsPreflightRefusedForOtherOriginOrMethod) {
  auto evil = server_->client().request(
      "OPTIONS", "/web/items",
      {{"Origin", "https://evil.example.com"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(evil.status, 403);
  EXPECT_FALSE(evil.headers.has("Access-Control-Allow-Origin"));
  auto method = server_->client().request(
      "OPTIONS", "/web/items",
      {{"Origin", "https://app.example.com"}, {"Access-Control-Request-Method", "PUT"}});
  EXPECT_NE(method.status, 204);
}

TEST_F(MiddlewareTest, AccessLogLineHasTheFields) {
  auto res = server_->client().get("/echo/5?token=qv-7f3a9c-not-logged",
                                   {{"X-Request-Id", "log-check-1"}});
  ASSERT_EQ(res.status, 200);
  std::optional<nlohmann::json> line;
  for (int i = 0; i < 50 && !line; ++i) {
    for (const auto& entry : server_->logLines()) {
      if (entry.value("logger", "") == "access" && entry.value("request_id", "") == "log-check-1") {
        line = entry;
      }
    }
    if (!line) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(line.has_value());
  EXPECT_EQ((*line)["method"], "GET");
  EXPECT_EQ((*line)["path"], "/echo/5");  // no query string: it may carry tokens
  EXPECT_EQ((*line)["route"], "/echo/:id");
  EXPECT_EQ((*line)["status"], 200);
  EXPECT_EQ((*line)["bytes"], res.body.size());
  EXPECT_EQ((*line)["client_ip"], "127.0.0.1");
  EXPECT_TRUE((*line)["duration_ms"].is_number());
  EXPECT_TRUE((*line)["time"].is_string());
  EXPECT_EQ(server_->logText().find("qv-7f3a9c-not-logged"), std::string::npos);
}

}  // namespace
}  // namespace atrium::testing

namespace atrium::testing {
namespace {

TEST_F(MiddlewareTest, PreflightsAreCountedUnderTheirOwnSeries) {
  auto client = server_->client();
  client.request("OPTIONS", "/web/items",
                 {{"Origin", "https://app.example.com"}, {"Access-Control-Request-Method", "GET"}});
  client.request(
      "OPTIONS", "/web/items",
      {{"Origin", "https://evil.example.com"}, {"Access-Control-Request-Method", "GET"}});
  const std::string metrics = client.get("/metrics").body;
  EXPECT_NE(metrics.find(R"m(route="(cors_preflight)",method="OPTIONS",status="204")m"),
            std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find(R"m(route="(cors_preflight)",method="OPTIONS",status="403")m"),
            std::string::npos)
      << metrics;
}

}  // namespace
}  // namespace atrium::testing

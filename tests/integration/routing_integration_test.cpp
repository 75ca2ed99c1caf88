// The real binary, real HTTP: YAML routes to plugin handlers (C++ and plain C), path
// parameters, 404/405 with Allow, HEAD, errors in the product envelope.
#include <memory>

#include <gtest/gtest.h>

#include "tests/integration/integration_config.hpp"
#include "tests/support/test_server.hpp"

namespace atrium::testing {
namespace {

class RoutingTest : public ::testing::Test {
 protected:
  // Started by the first test that needs it (not in SetUpTestSuite: a failure there is reported
  // by ctest as "skipped"), shared by the rest of the suite.
  void SetUp() override {
    if (!server_) server_ = std::make_unique<TestServer>(hostCoreConfig());
  }
  static void TearDownTestSuite() { server_.reset(); }
  static std::unique_ptr<TestServer> server_;
};
std::unique_ptr<TestServer> RoutingTest::server_;

TEST_F(RoutingTest, PluginRouteGetsParamsQueryAndHeaders) {
  auto client = server_->client();
  auto res = client.get("/echo/42?x=1&y=a+b%21", {{"X-Trace", "t1"}});
  ASSERT_EQ(res.status, 200);
  EXPECT_EQ(res.header("Content-Type"), "application/json");
  auto body = res.json();
  EXPECT_EQ(body["method"], "GET");
  EXPECT_EQ(body["path"], "/echo/42");
  EXPECT_EQ(body["route"], "/echo/:id");
  EXPECT_EQ(body["params"]["id"], "42");
  EXPECT_EQ(body["query"]["x"], "1");
  EXPECT_EQ(body["query"]["y"], "a b!");
  EXPECT_EQ(body["headers"]["x-trace"], "t1");
  EXPECT_EQ(body["client_ip"], "127.0.0.1");
  EXPECT_EQ(body["request_id"], res.header("X-Request-Id"));
}

TEST_F(RoutingTest, PercentEncodedParamIsDecoded) {
  auto res = server_->client().get("/echo/a%2Fb%20c");
  ASSERT_EQ(res.status, 200);
  EXPECT_EQ(res.json()["params"]["id"], "a/b c");
}

TEST_F(RoutingTest, PostBodyReachesHandler) {
  auto res = server_->client().post("/echo/7", R"({"a":1})");
  ASSERT_EQ(res.status, 200);
  EXPECT_EQ(res.json()["body"], R"({"a":1})");
}

TEST_F(RoutingTest, UnknownPathIs404InDefaultEnvelope) {
  auto res = server_->client().get("/nope");
  EXPECT_EQ(res.status, 404);
  EXPECT_EQ(res.header("Content-Type"), "application/json");
  auto body = res.json();
  EXPECT_EQ(body["error"]["code"], "not_found");
  EXPECT_EQ(body["error"]["message"], "Not found");
  EXPECT_EQ(body["error"]["request_id"], res.header("X-Request-Id"));
}

TEST_F(RoutingTest, WrongMethodIs405WithAllow) {
  auto res = server_->client().request("DELETE", "/echo/1");
  EXPECT_EQ(res.status, 405);
  EXPECT_EQ(res.header("Allow"), "GET, HEAD, POST");
  EXPECT_EQ(res.json()["error"]["code"], "method_not_allowed");
}

TEST_F(RoutingTest, HeadServesGetRouteWithoutBody) {
  auto client = server_->client();
  auto res = client.request("HEAD", "/json");
  EXPECT_EQ(res.status, 200);
  EXPECT_TRUE(res.body.empty());
  EXPECT_EQ(res.header("Content-Type"), "application/json");
  // The connection stays usable after a HEAD answer.
  EXPECT_EQ(client.get("/json").json()["hello"], "world");
}

TEST_F(RoutingTest, PlainCPluginServesRoute) {
  auto res = server_->client().get("/c/hello?name=ada");
  ASSERT_EQ(res.status, 200);
  EXPECT_EQ(res.json()["hello"], "from C");
}

TEST_F(RoutingTest, PluginConfigIsValidatedWithDefaults) {
  auto body = server_->client().get("/config").json();
  EXPECT_EQ(body["greeting"], "hi there");
  EXPECT_TRUE(body.contains("delay_ms"));
}

TEST_F(RoutingTest, HttpErrorUsesRouteEnvelope) {
  auto res = server_->client().get("/conflict");
  EXPECT_EQ(res.status, 409);
  auto body = res.json();
  EXPECT_EQ(body, (nlohmann::json{{"success", false}, {"message", "Already exists"}}));
}

TEST_F(RoutingTest, HandlerExceptionIs500WithRequestIdAndServerKeepsServing) {
  auto client = server_->client();
  auto res = client.get("/throw", {{"X-Request-Id", "trace-500-abc"}});
  EXPECT_EQ(res.status, 500);
  auto body = res.json();
  EXPECT_EQ(body["error"]["code"], "internal_error");
  EXPECT_EQ(body["error"]["request_id"], "trace-500-abc");
  EXPECT_NE(body["error"]["message"].get<std::string>().find("trace-500-abc"), std::string::npos);
  EXPECT_EQ(body.dump().find("boom"), std::string::npos) << "internal detail leaked";
  auto logged = server_->waitForLog("request failed");
  ASSERT_TRUE(logged.has_value());
  EXPECT_EQ((*logged)["request_id"], "trace-500-abc");
  EXPECT_NE((*logged)["detail"].get<std::string>().find("boom detail"), std::string::npos);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(client.get("/throw").status, 500);
  EXPECT_EQ(client.get("/json").status, 200);
}

TEST_F(RoutingTest, CustomResponseHeadersAreSent) {
  auto res = server_->client().get("/headers");
  EXPECT_EQ(res.header("X-Custom-One"), "one");
  EXPECT_EQ(res.header("X-Custom-Two"), "two");
  EXPECT_EQ(res.header("Cache-Control"), "no-store");
}

TEST_F(RoutingTest, BuiltinEndpoints) {
  auto client = server_->client();
  auto health = client.get("/health");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.json()["status"], "ok");
  auto ready = client.get("/ready");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.json()["status"], "ready");
  client.get("/json");
  client.get("/throw");
  auto metrics = client.get("/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.header("Content-Type").find("text/plain"), std::string::npos);
  EXPECT_NE(
      metrics.body.find(R"(atrium_http_requests_total{route="/json",method="GET",status="200"})"),
      std::string::npos);
  EXPECT_NE(metrics.body.find("atrium_http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(metrics.body.find("atrium_http_requests_in_flight"), std::string::npos);
  EXPECT_NE(metrics.body.find(R"(atrium_plugin_handler_errors_total{handler="testkit.throw"})"),
            std::string::npos);
}

}  // namespace
}  // namespace atrium::testing

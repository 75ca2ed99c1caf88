#include "host/server/builtin_endpoints.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace atrium::host::server {
namespace {

class BuiltinEndpointsTest : public ::testing::Test {
 protected:
  http::Response call(const BuiltinEndpoints::Handler& handler) {
    http::Response response;
    handler(http::Request{}, response);
    return response;
  }
  http::Metrics metrics_;
  std::atomic<bool> draining_{false};
};

TEST_F(BuiltinEndpointsTest, ReadyListsEveryFailingCondition) {
  bool database_up = true;
  BuiltinEndpoints endpoints(metrics_, draining_, std::chrono::steady_clock::now(),
                             {[&]() -> std::optional<std::string> {
                               if (database_up) return std::nullopt;
                               return "database";
                             }});
  http::Response ok = call(endpoints.ready());
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(nlohmann::json::parse(ok.body), nlohmann::json({{"status", "ready"}}));

  database_up = false;
  http::Response down = call(endpoints.ready());
  EXPECT_EQ(down.status, 503);
  EXPECT_EQ(nlohmann::json::parse(down.body),
            nlohmann::json({{"status", "not_ready"}, {"reasons", {"database"}}}));

  draining_ = true;
  http::Response both = call(endpoints.ready());
  EXPECT_EQ(both.status, 503);
  EXPECT_EQ(nlohmann::json::parse(both.body)["reasons"], nlohmann::json({"draining", "database"}));
}

TEST_F(BuiltinEndpointsTest, MetricsAppendsEverySource) {
  BuiltinEndpoints endpoints(metrics_, draining_, std::chrono::steady_clock::now(), {},
                             {[](std::string& out) { out += "extra_metric 1\n"; }});
  http::Response response = call(endpoints.metrics());
  EXPECT_EQ(response.status, 200);
  EXPECT_NE(response.body.find("atrium_http_requests_in_flight"), std::string::npos);
  EXPECT_NE(response.body.find("\nextra_metric 1\n"), std::string::npos) << response.body;
}

TEST_F(BuiltinEndpointsTest, ScriptStatusAnswersTheStatusUncached) {
  // Who may call it (an admin token) is the pipeline's auth middleware's business: see
  // ScriptIntegrationTest.AdminScriptsNeedsAnAdminToken.
  const auto handler = BuiltinEndpoints::scripts([] { return std::string(R"({"scripts":[]})"); });
  http::Request request;
  request.client_ip = "203.0.113.9";
  http::Response ok;
  handler(request, ok);
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, R"({"scripts":[]})");
  EXPECT_TRUE(ok.hasHeader("Cache-Control"));
}

}  // namespace
}  // namespace atrium::host::server

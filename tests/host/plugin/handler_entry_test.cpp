#include "host/plugin/handler_entry.hpp"

#include <gtest/gtest.h>

#include "host/plugin/plugin_loader.hpp"
#include "tests/host/plugin/plugin_test_support.hpp"

namespace atrium::host::plugin {
namespace {

using nlohmann::json;
using test::fixture;
using test::makeRequest;

// Loads a fixture, starts it and invokes its handlers through the real ABI.
class HandlerEntryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testkit_ = loadPlugin(fixture("testkit"), log_.sink());
    testkit_->start(R"({"greeting":"hi there","delay_ms":0,"fail_start":false})");
    c_plugin_ = loadPlugin(fixture("c_plugin"), log_.sink());
    c_plugin_->start("{}");
  }

  HandlerEntry entry(const LoadedPlugin& plugin, const std::string& id) {
    for (const HandlerDef& def : plugin.handlers()) {
      if (def.id == id) {
        return HandlerEntry{def.id,          plugin.name(), def.nonblocking(),
                            def.description, &plugin,       &def};
      }
    }
    ADD_FAILURE() << "no handler " << id;
    return {};
  }

  http::Response invoke(const std::string& id, http::Request request) {
    const LoadedPlugin& plugin = id.rfind("c_plugin.", 0) == 0 ? *c_plugin_ : *testkit_;
    http::Response response;
    entry(plugin, id).invoke(request, response);
    return response;
  }

  test::CapturedLog log_;
  std::unique_ptr<LoadedPlugin> testkit_;
  std::unique_ptr<LoadedPlugin> c_plugin_;
};

TEST_F(HandlerEntryTest, EchoSeesEverythingTheHostParsed) {
  http::Request request = makeRequest("POST", "/items/42/files/a/b.txt");
  request.route_pattern = "/items/:id/files/*rest";
  request.params = {{"id", "42"}, {"rest", "a/b.txt"}};
  request.query = {{"q", "one"}, {"q", "two"}, {"empty", ""}};
  request.headers = {{"Content-Type", "application/json"}, {"X-Trace", "abc"}};
  request.body = R"({"a":1})";
  request.principal_json = R"({"sub":"u1","roles":["admin"]})";

  const http::Response response = invoke("testkit.echo", request);
  ASSERT_FALSE(response.has_error) << response.error.internal_detail;
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "application/json");
  const json body = json::parse(response.body);
  EXPECT_EQ(body["method"], "POST");
  EXPECT_EQ(body["path"], "/items/42/files/a/b.txt");
  EXPECT_EQ(body["route"], "/items/:id/files/*rest");
  EXPECT_EQ(body["params"], json({{"id", "42"}, {"rest", "a/b.txt"}}));
  EXPECT_EQ(body["query"], json({{"q", "one"}, {"empty", ""}}));
  EXPECT_EQ(body["query_all"], json::parse(R"([["q","one"],["q","two"],["empty",""]])"));
  EXPECT_EQ(body["headers"], json({{"content-type", "application/json"}, {"x-trace", "abc"}}));
  EXPECT_EQ(body["body"], R"({"a":1})");
  EXPECT_EQ(body["client_ip"], "203.0.113.7");
  EXPECT_EQ(body["request_id"], "req-123");
  EXPECT_EQ(body["principal"], json({{"sub", "u1"}, {"roles", {"admin"}}}));
}

TEST_F(HandlerEntryTest, AnonymousRequestHasANullPrincipal) {
  const http::Response response = invoke("testkit.echo", makeRequest("GET", "/"));
  EXPECT_TRUE(json::parse(response.body)["principal"].is_null());
}

TEST_F(HandlerEntryTest, ConfigHandlerReturnsTheValidatedConfig) {
  const http::Response response = invoke("testkit.config", makeRequest("GET", "/config"));
  EXPECT_EQ(json::parse(response.body),
            json({{"greeting", "hi there"}, {"delay_ms", 0}, {"fail_start", false}}));
}

TEST_F(HandlerEntryTest, ConstantJsonIsNonblocking) {
  const HandlerEntry json_entry = entry(*testkit_, "testkit.json");
  EXPECT_TRUE(json_entry.nonblocking);
  EXPECT_EQ(json_entry.plugin, "testkit");
  EXPECT_FALSE(entry(*testkit_, "testkit.echo").nonblocking);
  const http::Response response = invoke("testkit.json", makeRequest("GET", "/json"));
  EXPECT_EQ(response.body, R"({"hello":"world","n":42})");
}

TEST_F(HandlerEntryTest, SleepWaitsTheRequestedTime) {
  http::Request request = makeRequest("GET", "/sleep");
  request.query = {{"ms", "30"}};
  const auto start = std::chrono::steady_clock::now();
  const http::Response response = invoke("testkit.sleep", request);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(30));
  EXPECT_EQ(json::parse(response.body), json({{"slept_ms", 30}}));
}

TEST_F(HandlerEntryTest, ExceptionBecomes500WithInternalDetailOnly) {
  http::Response response;
  response.headers = {{"X-Request-Id", "req-123"}};  // set by the host before the handler
  http::Request request = makeRequest("GET", "/throw");
  entry(*testkit_, "testkit.throw").invoke(request, response);
  EXPECT_TRUE(response.has_error);
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.error.status, 500);
  EXPECT_EQ(response.error.code, "internal_error");
  EXPECT_EQ(response.error.message, "Internal server error");
  EXPECT_EQ(response.error.internal_detail, "testkit.throw: boom detail");
  EXPECT_EQ(response.headers.size(), 1u);
}

TEST_F(HandlerEntryTest, HttpErrorBecomesAnEnvelopeError) {
  const http::Response response = invoke("testkit.http_error", makeRequest("POST", "/x"));
  EXPECT_TRUE(response.has_error);
  EXPECT_EQ(response.status, 409);
  EXPECT_EQ(response.error.status, 409);
  EXPECT_EQ(response.error.code, "conflict");
  EXPECT_EQ(response.error.message, "Already exists");
  EXPECT_EQ(response.error.internal_detail, "");
}

TEST_F(HandlerEntryTest, CustomHeadersAreAppendedToTheHostsOwn) {
  http::Response response;
  response.headers = {{"X-Request-Id", "req-123"}};
  http::Request request = makeRequest("GET", "/headers");
  entry(*testkit_, "testkit.headers").invoke(request, response);
  ASSERT_FALSE(response.has_error) << response.error.internal_detail;
  const std::vector<http::NameValue> expected = {{"X-Request-Id", "req-123"},
                                                 {"X-Custom-One", "one"},
                                                 {"X-Custom-Two", "two"},
                                                 {"Cache-Control", "no-store"}};
  EXPECT_EQ(response.headers, expected);
}

TEST_F(HandlerEntryTest, HeaderInjectionIsRefusedAndBecomes500) {
  const http::Response response = invoke("testkit.bad_header", makeRequest("GET", "/bad"));
  EXPECT_TRUE(response.has_error);
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.error.internal_detail,
            "testkit.bad_header: response header 'X-Injected' refused by the host (names must "
            "be HTTP tokens, values must not contain CR, LF or NUL)");
  EXPECT_TRUE(response.headers.empty());
  EXPECT_EQ(response.body, "");
}

TEST_F(HandlerEntryTest, MalformedJsonBodyIs400InvalidJson) {
  http::Request request = makeRequest("POST", "/parse");
  request.body = R"({"a": )";
  http::Response response = invoke("testkit.parse", request);
  EXPECT_TRUE(response.has_error);
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.error.code, "invalid_json");
  EXPECT_EQ(response.error.message,
            "Request body is not valid JSON: parse error at line 1, column 7: syntax error while "
            "parsing value - unexpected end of input; expected '[', '{', or a literal");

  request.body = "";
  response = invoke("testkit.parse", request);
  EXPECT_EQ(response.error.message, "Request body is empty; expected a JSON document");

  request.body = R"({"a":[1,2]})";
  response = invoke("testkit.parse", request);
  EXPECT_FALSE(response.has_error);
  EXPECT_EQ(response.body, R"({"got":{"a":[1,2]}})");
}

TEST_F(HandlerEntryTest, StatusIsPassedThroughAndInvalidOnesAreRefused) {
  http::Request request = makeRequest("GET", "/status");
  request.query = {{"code", "201"}};
  EXPECT_EQ(invoke("testkit.status", request).status, 201);

  request.query = {{"code", "204"}};
  http::Response response = invoke("testkit.status", request);
  EXPECT_EQ(response.status, 204);
  EXPECT_EQ(response.body, "");
  EXPECT_FALSE(response.has_error);

  request.query = {{"code", "99"}};
  response = invoke("testkit.status", request);
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.error.internal_detail,
            "testkit.status: handler set invalid HTTP status 99 (expected 200..599)");
}

TEST_F(HandlerEntryTest, LogLinesCarryPluginRequestIdAndHandler) {
  const http::Response response = invoke("testkit.log", makeRequest("GET", "/log"));
  ASSERT_FALSE(response.has_error);
  const std::string text = log_.text();
  ASSERT_FALSE(text.empty());
  const json line = json::parse(text.substr(0, text.find('\n')));
  EXPECT_EQ(line["logger"], "plugin.testkit");
  EXPECT_EQ(line["level"], "info");
  EXPECT_EQ(line["msg"], "testkit.log says hello");
  EXPECT_EQ(line["request_id"], "req-123");
  EXPECT_EQ(line["handler"], "testkit.log");
}

TEST_F(HandlerEntryTest, CPluginAnswersAndReadsAQueryParameter) {
  http::Response response = invoke("c_plugin.hello", makeRequest("GET", "/hello"));
  ASSERT_FALSE(response.has_error) << response.error.internal_detail;
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_EQ(response.body, R"({"hello":"from C"})");

  http::Request request = makeRequest("GET", "/hello");
  request.query = {{"name", "Ada"}};
  response = invoke("c_plugin.hello", request);
  EXPECT_EQ(response.body, R"({"hello":"from C","name":"Ada"})");

  request.query = {{"name", "<script>"}};
  response = invoke("c_plugin.hello", request);
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.error.code, "invalid_name");
}

TEST_F(HandlerEntryTest, StoppedPluginAnswers500) {
  const HandlerEntry json_entry = entry(*testkit_, "testkit.json");
  testkit_->stop();
  http::Request request = makeRequest("GET", "/json");
  http::Response response;
  json_entry.invoke(request, response);
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.error.internal_detail, "testkit.json: plugin 'testkit' is not started");
}

TEST_F(HandlerEntryTest, ConcurrentCallsAreIndependent) {
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        http::Request request = makeRequest("GET", "/t/" + std::to_string(t));
        request.route_pattern = "/t/:n";
        request.params = {{"n", std::to_string(t)}};
        http::Response response;
        entry(*testkit_, "testkit.echo").invoke(request, response);
        if (json::parse(response.body)["params"]["n"] == std::to_string(t)) ++ok;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), 800);
}

}  // namespace
}  // namespace atrium::host::plugin

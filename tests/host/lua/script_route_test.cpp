#include "host/lua/script_route.hpp"

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "host/config/host_config.hpp"
#include "tests/host/lua/lua_test_fixture.hpp"

namespace atrium::host::lua {
namespace {

// The request table a script route receives and how its result becomes the response, without
// HTTP (the integration suite covers the same through the real binary).
class ScriptRouteTest : public testing::LuaEngineTest {
 protected:
  http::Request request() const {
    http::Request r;
    r.method = "POST";
    r.path = "/guests/7";
    r.route_pattern = "/guests/:id";
    r.params = {{"id", "7"}};
    r.query = {{"q", "first"}, {"q", "second"}, {"page", "2"}};
    r.headers = {{"Content-Type", "application/json"}, {"X-Trace", "a"}, {"x-trace", "b"}};
    r.body = R"({"name":"Ada","tags":["x"],"empty":[]})";
    r.request_id = "req-42";
    r.client_ip = "127.0.0.1";
    return r;
  }
  http::Response run(const std::string& source, const http::Request& r) {
    script("route", source);
    if (engine_ == nullptr) {
      start();
    } else {
      engine_->loadAll();
    }
    http::Response response;
    runScriptRoute(*engine_, "route", r, response);
    return response;
  }
  http::Response run(const std::string& source) { return run(source, request()); }
};

TEST_F(ScriptRouteTest, TheScriptSeesTheWholeRequest) {
  const auto response = run(R"(local atrium = require("atrium")
return {handle = function(req)
  return {method = req.method, path = req.path, route = req.route, id = req.params.id,
          q = req.query.q, page = req.query.page, ct = req.headers["content-type"],
          trace = req.headers["x-trace"], name = req.body.name, tags = req.body.tags,
          empty = req.body.empty, principal = req.principal == nil, request_id = req.request_id,
          ip = req.client_ip}
end})");
  ASSERT_FALSE(response.has_error) << response.error.internal_detail;
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_EQ(nlohmann::json::parse(response.body), nlohmann::json::parse(R"({
    "method": "POST", "path": "/guests/7", "route": "/guests/:id", "id": "7", "q": "first",
    "page": "2", "ct": "application/json", "trace": "a", "name": "Ada", "tags": ["x"],
    "empty": [], "principal": true, "request_id": "req-42", "ip": "127.0.0.1"})"));
}

TEST_F(ScriptRouteTest, BodiesThatAreNotJsonArriveAsText) {
  auto r = request();
  r.body = "{not json";
  EXPECT_EQ(run("return {handle = function(req) return {body = req.body} end}", r).body,
            R"({"body":"{not json"})");
  r.headers = {{"Content-Type", "text/plain"}};
  r.body = "[1,2]";
  EXPECT_EQ(run("return {handle = function(req) return {body = req.body} end}", r).body,
            R"({"body":"[1,2]"})");
  r.body.clear();
  r.headers = {{"Content-Type", "application/json"}};
  EXPECT_EQ(run("return {handle = function(req) return {body = req.body} end}", r).body,
            R"({"body":""})");
}

TEST_F(ScriptRouteTest, ThePrincipalIsATableOrNil) {
  auto r = request();
  r.principal_json = R"({"sub":"u1","role":"admin"})";
  const std::string source =
      "return {handle = function(req) return {anonymous = not req.principal, "
      "role = req.principal and req.principal.role} end}";
  EXPECT_EQ(run(source, r).body, R"({"anonymous":false,"role":"admin"})");
  r.principal_json.clear();
  EXPECT_EQ(run(source, r).body, R"({"anonymous":true})");
}

TEST_F(ScriptRouteTest, ExplicitResponses) {
  auto created = run(R"(return {handle = function()
  return {status = 201, headers = {["X-Id"] = "9", ["Retry-After"] = 3}, body = {id = 9}}
end})");
  EXPECT_EQ(created.status, 201);
  EXPECT_EQ(created.body, R"({"id":9})");
  EXPECT_EQ(created.content_type, "application/json");
  EXPECT_TRUE(created.hasHeader("X-Id"));
  EXPECT_TRUE(created.hasHeader("Retry-After"));

  auto text = run(R"(return {handle = function()
  return {status = 200, headers = {["Content-Type"] = "text/csv"}, body = "a,b\n"}
end})");
  EXPECT_EQ(text.content_type, "text/csv");
  EXPECT_EQ(text.body, "a,b\n");

  auto plain = run("return {handle = function() return {status = 202, body = 'queued'} end}");
  EXPECT_EQ(plain.status, 202);
  EXPECT_EQ(plain.content_type, "text/plain; charset=utf-8");

  auto status_only = run("return {handle = function() return {status = 202} end}");
  EXPECT_EQ(status_only.status, 202);
  EXPECT_TRUE(status_only.body.empty());

  auto no_content = run("return {handle = function() return nil end}");
  EXPECT_EQ(no_content.status, 204);
  EXPECT_TRUE(no_content.body.empty());
}

TEST_F(ScriptRouteTest, TablesThatAreNotResponsesAreJson) {
  EXPECT_EQ(run("return {handle = function() return {status = 'ok', n = 1} end}").body,
            R"({"n":1,"status":"ok"})");
  EXPECT_EQ(run("return {handle = function() return {status = 200, n = 1} end}").body,
            R"({"n":1,"status":200})");
  EXPECT_EQ(run("return {handle = function() return {1, 2} end}").body, "[1,2]");
  EXPECT_EQ(run("return {handle = function() return 'text' end}").body, R"("text")");
  EXPECT_EQ(run("return {handle = function() return {} end}").body, "{}");
}

TEST_F(ScriptRouteTest, ErrorsUseTheEnvelope) {
  auto missing = run(R"(return {handle = function()
  return {status = 404, error = {code = "not_found", message = "No such guest"}}
end})");
  EXPECT_TRUE(missing.has_error);
  EXPECT_EQ(missing.error.status, 404);
  EXPECT_EQ(missing.error.code, "not_found");
  EXPECT_EQ(missing.error.message, "No such guest");
  auto odd = run("return {handle = function() return {status = 200, error = {}} end}");
  EXPECT_EQ(odd.error.status, 500) << "an error with a non-error status is a 500";
  EXPECT_EQ(odd.error.code, "error");
}

TEST_F(ScriptRouteTest, UnusableResultsAre500sWithTheDetailForTheLog) {
  const auto expect500 = [&](const std::string& source, const std::string& detail) {
    auto response = run(source);
    EXPECT_TRUE(response.has_error) << source;
    EXPECT_EQ(response.error.status, 500) << source;
    EXPECT_NE(response.error.internal_detail.find(detail), std::string::npos)
        << response.error.internal_detail;
    EXPECT_FALSE(response.hasHeader("X-Partial")) << "nothing of a refused result is applied";
  };
  expect500("return {handle = function() return {status = 99} end}", "status 99");
  expect500("return {handle = function() return {status = 1e12} end}", "status 1000000000000");
  expect500(
      "return {handle = function() return {status = 200, headers = {['X-Partial'] = 'y', "
      "['Bad Name'] = 'x'}} end}",
      "refused response header 'Bad Name'");
  expect500(
      "return {handle = function() return {status = 200, headers = {['X-Partial'] = 'y', "
      "['X-Evil'] = 'a\\r\\nSet-Cookie: x'}} end}",
      "refused response header 'X-Evil'");
  expect500(
      "return {handle = function() return {status = 200, headers = {['Content-Length'] = "
      "'1'}} end}",
      "framing header");
  expect500(
      "return {handle = function() return {status = 200, headers = {['X-Partial'] = 'y'}, "
      "body = {f = print}} end}",
      "body.f: a function cannot be converted");
  expect500("return {handle = function() return {f = print} end}", "bad_result");
  expect500("return {handle = function() error('boom') end}", "boom");
}

TEST_F(ScriptRouteTest, NonblockingRoutesRefuseToWaitForTheDatabase) {
  config::RouteConfig route;
  route.nonblocking = true;
  auto r = request();
  r.route = &route;
  const std::string source = R"(local atrium = require("atrium")
return {handle = function(req)
  if req.query.page == "2" then return {fine = true} end
  return atrium.db.query("x.get", "SELECT 1")
end})";
  EXPECT_EQ(run(source, r).body, R"({"fine":true})");
  r.query.clear();
  auto refused = run(source, r);
  EXPECT_EQ(refused.error.status, 500);
  EXPECT_NE(refused.error.internal_detail.find("cannot wait for the database on a nonblocking"),
            std::string::npos)
      << refused.error.internal_detail;
  route.nonblocking = false;
  auto allowed = run(source, r);
  EXPECT_EQ(allowed.status, 204) << "without a database: nil, \"no database\" (nil is 204)";
}

}  // namespace
}  // namespace atrium::host::lua

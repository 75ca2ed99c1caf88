#include "host/middleware/cors.hpp"

#include <optional>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

namespace atrium::host::middleware {
namespace {

std::optional<std::string> headerOf(const http::Response& r, std::string_view name) {
  std::optional<std::string> found;
  for (const auto& [k, v] : r.headers) {
    if (http::equalsIgnoreCase(k, name)) {
      EXPECT_FALSE(found.has_value()) << "header twice: " << name;
      found = v;
    }
  }
  return found;
}

config::CorsPolicy policy(std::vector<std::string> origins, bool credentials = false) {
  config::CorsPolicy p;
  p.name = "web";
  p.allowed_origins = std::move(origins);
  p.allow_credentials = credentials;
  return p;
}

http::Request request(std::string method, std::vector<http::NameValue> headers) {
  http::Request r;
  r.method = std::move(method);
  r.path = "/items";
  r.headers = std::move(headers);
  return r;
}

http::Response actual(CorsMiddleware& mw, http::Request req) {
  http::Response resp;
  EXPECT_TRUE(mw.onRequest(req, resp));
  mw.onResponse(req, resp);
  return resp;
}

TEST(CorsTest, AllowedOriginIsEchoedWithVaryAndExpose) {
  CorsMiddleware mw(policy({"https://app.example.com"}, true));
  const auto resp = actual(mw, request("GET", {{"Origin", "https://app.example.com"}}));
  EXPECT_EQ(headerOf(resp, "Access-Control-Allow-Origin"), "https://app.example.com");
  EXPECT_EQ(headerOf(resp, "Access-Control-Allow-Credentials"), "true");
  EXPECT_EQ(headerOf(resp, "Access-Control-Expose-Headers"), "X-Request-Id");
  EXPECT_EQ(headerOf(resp, "Vary"), "Origin");
}

TEST(CorsTest, OriginMatchingRules) {
  CorsMiddleware mw(policy({"https://App.Example.com", "http://localhost:3000",
                            "https://secure.example.com:443", "null"}));
  EXPECT_TRUE(mw.isOriginAllowed("https://app.example.com"));
  EXPECT_TRUE(mw.isOriginAllowed("HTTPS://APP.EXAMPLE.COM"));
  EXPECT_TRUE(mw.isOriginAllowed("https://app.example.com:443"));  // default port
  EXPECT_TRUE(mw.isOriginAllowed("https://secure.example.com"));
  EXPECT_TRUE(mw.isOriginAllowed("http://localhost:3000"));
  EXPECT_TRUE(mw.isOriginAllowed("null"));
  EXPECT_FALSE(mw.isOriginAllowed("http://app.example.com"));  // scheme differs
  EXPECT_FALSE(mw.isOriginAllowed("https://app.example.com:8443"));
  EXPECT_FALSE(mw.isOriginAllowed("http://localhost:3001"));
  EXPECT_FALSE(mw.isOriginAllowed("http://localhost"));
  EXPECT_FALSE(mw.isOriginAllowed("https://evil-app.example.com"));
  EXPECT_FALSE(mw.isOriginAllowed("https://app.example.com.evil.com"));
  EXPECT_FALSE(mw.isOriginAllowed("https://app.example.com/"));
  EXPECT_FALSE(mw.isOriginAllowed("https://user@app.example.com"));
  EXPECT_FALSE(mw.isOriginAllowed("app.example.com"));
  EXPECT_FALSE(mw.isOriginAllowed(""));
  EXPECT_FALSE(mw.isOriginAllowed("https://app.example.com\r\nX: y"));
}

TEST(CorsTest, DisallowedOriginGetsNoCorsHeadersButRequestProceeds) {
  CorsMiddleware mw(policy({"https://app.example.com"}));
  const auto resp = actual(mw, request("POST", {{"Origin", "https://evil.com"}}));
  EXPECT_EQ(headerOf(resp, "Access-Control-Allow-Origin"), std::nullopt);
  EXPECT_EQ(headerOf(resp, "Access-Control-Allow-Credentials"), std::nullopt);
  EXPECT_EQ(headerOf(resp, "Vary"), "Origin");
  EXPECT_FALSE(resp.has_error);
  EXPECT_EQ(resp.status, 200);
}

TEST(CorsTest, NoOriginStillVaries) {
  CorsMiddleware mw(policy({"https://app.example.com"}));
  const auto resp = actual(mw, request("GET", {}));
  EXPECT_EQ(headerOf(resp, "Vary"), "Origin");
  EXPECT_EQ(headerOf(resp, "Access-Control-Allow-Origin"), std::nullopt);
}

TEST(CorsTest, VaryIsMergedNotDuplicated) {
  CorsMiddleware mw(policy({"https://a.com"}));
  http::Request req = request("GET", {{"Origin", "https://a.com"}});
  http::Response resp;
  resp.headers = {{"vary", "Accept-Encoding"}};
  mw.onResponse(req, resp);
  EXPECT_EQ(headerOf(resp, "Vary"), "Accept-Encoding, Origin");
  mw.onResponse(req, resp);
  EXPECT_EQ(headerOf(resp, "Vary"), "Accept-Encoding, Origin");
}

TEST(CorsTest, WildcardAnswersStarWithoutVary) {
  CorsMiddleware mw(policy({"*"}));
  const auto resp = actual(mw, request("GET", {{"Origin", "https://anything.io"}}));
  EXPECT_EQ(headerOf(resp, "Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(headerOf(resp, "Vary"), std::nullopt);
  EXPECT_EQ(headerOf(resp, "Access-Control-Allow-Credentials"), std::nullopt);
}

TEST(CorsTest, BadPoliciesAreRefusedAtConstruction) {
  EXPECT_THROW(CorsMiddleware(policy({"*"}, true)), std::invalid_argument);
  try {
    CorsMiddleware mw(policy({"example.com"}));
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("'web'"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("'example.com'"), std::string::npos);
  }
  EXPECT_THROW(CorsMiddleware(policy({"https://a.com/path"})), std::invalid_argument);
  EXPECT_THROW(CorsMiddleware(policy({"https://a.com:99999"})), std::invalid_argument);
  EXPECT_THROW(CorsMiddleware(policy({"https://"})), std::invalid_argument);
}

TEST(CorsTest, PreflightAllowed) {
  CorsMiddleware mw(policy({"https://app.example.com"}, true));
  http::Request req =
      request("OPTIONS", {{"Origin", "https://app.example.com"},
                          {"Access-Control-Request-Method", "PATCH"},
                          {"Access-Control-Request-Headers", "content-type, AUTHORIZATION"}});
  http::Response resp;
  EXPECT_FALSE(mw.onRequest(req, resp));  // answered: the chain stops
  EXPECT_EQ(resp.status, 204);
  EXPECT_FALSE(resp.has_error);
  EXPECT_EQ(headerOf(resp, "Access-Control-Allow-Origin"), "https://app.example.com");
  EXPECT_EQ(headerOf(resp, "Access-Control-Allow-Methods"), "GET, POST, PUT, PATCH, DELETE");
  EXPECT_EQ(headerOf(resp, "Access-Control-Allow-Headers"),
            "Content-Type, Authorization, X-Request-Id");
  EXPECT_EQ(headerOf(resp, "Access-Control-Allow-Credentials"), "true");
  EXPECT_EQ(headerOf(resp, "Access-Control-Max-Age"), "600");
  EXPECT_EQ(headerOf(resp, "Vary"), "Origin");
  mw.onResponse(req, resp);  // does not decorate the preflight twice
  EXPECT_EQ(headerOf(resp, "Access-Control-Expose-Headers"), std::nullopt);
}

TEST(CorsTest, PreflightHeadAllowedWhenGetIs) {
  http::Request req =
      request("OPTIONS", {{"Origin", "https://a.com"}, {"Access-Control-Request-Method", "HEAD"}});
  http::Response resp;
  EXPECT_TRUE(handlePreflight(policy({"https://a.com"}), req, resp));
  EXPECT_EQ(resp.status, 204);
}

void expectForbidden(const http::Response& resp, const char* message) {
  EXPECT_TRUE(resp.has_error);
  EXPECT_EQ(resp.status, 403);
  EXPECT_EQ(resp.error.code, "cors_forbidden");
  EXPECT_EQ(resp.error.message, message);
  EXPECT_EQ(headerOf(resp, "Access-Control-Allow-Origin"), std::nullopt);
}

TEST(CorsTest, PreflightDisallowedOrigin) {
  http::Request req = request(
      "OPTIONS", {{"Origin", "https://evil.com"}, {"Access-Control-Request-Method", "GET"}});
  http::Response resp;
  EXPECT_TRUE(handlePreflight(policy({"https://a.com"}), req, resp));
  expectForbidden(resp, "CORS origin not allowed");
}

TEST(CorsTest, PreflightDisallowedMethod) {
  http::Request req =
      request("OPTIONS", {{"Origin", "https://a.com"}, {"Access-Control-Request-Method", "TRACE"}});
  http::Response resp;
  EXPECT_TRUE(handlePreflight(policy({"https://a.com"}), req, resp));
  expectForbidden(resp, "CORS method not allowed");
  http::Request lower =
      request("OPTIONS", {{"Origin", "https://a.com"}, {"Access-Control-Request-Method", "patch"}});
  http::Response resp2;
  EXPECT_TRUE(handlePreflight(policy({"https://a.com"}), lower, resp2));
  expectForbidden(resp2, "CORS method not allowed");  // methods are case-sensitive
}

TEST(CorsTest, PreflightDisallowedHeader) {
  http::Request req =
      request("OPTIONS", {{"Origin", "https://a.com"},
                          {"Access-Control-Request-Method", "POST"},
                          {"Access-Control-Request-Headers", "content-type,x-secret"}});
  http::Response resp;
  EXPECT_TRUE(handlePreflight(policy({"https://a.com"}), req, resp));
  expectForbidden(resp, "CORS header not allowed");
}

TEST(CorsTest, PreflightWithAnyHeaderEchoesRequested) {
  auto p = policy({"*"});
  p.allowed_headers = {"*"};
  http::Request req = request("OPTIONS", {{"Origin", "https://x.io"},
                                          {"Access-Control-Request-Method", "PUT"},
                                          {"Access-Control-Request-Headers", "x-one, x-two"}});
  http::Response resp;
  EXPECT_TRUE(handlePreflight(p, req, resp));
  EXPECT_EQ(resp.status, 204);
  EXPECT_EQ(headerOf(resp, "Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(headerOf(resp, "Access-Control-Allow-Headers"), "x-one, x-two");
}

TEST(CorsTest, NotAPreflight) {
  const auto p = policy({"https://a.com"});
  http::Response resp;
  // OPTIONS without Access-Control-Request-Method, or without Origin: an ordinary request.
  EXPECT_FALSE(handlePreflight(p, request("OPTIONS", {{"Origin", "https://a.com"}}), resp));
  EXPECT_FALSE(
      handlePreflight(p, request("OPTIONS", {{"Access-Control-Request-Method", "GET"}}), resp));
  EXPECT_FALSE(handlePreflight(
      p, request("POST", {{"Origin", "https://a.com"}, {"Access-Control-Request-Method", "GET"}}),
      resp));
  EXPECT_EQ(resp.status, 200);
  EXPECT_TRUE(resp.headers.empty());
}

}  // namespace
}  // namespace atrium::host::middleware

#include "host/middleware/security_headers.hpp"

#include <optional>
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

http::Response run(const config::SecurityHeadersConfig& cfg, http::Response resp = {}) {
  SecurityHeadersMiddleware mw(cfg);
  http::Request req;
  EXPECT_TRUE(mw.onRequest(req, resp));
  mw.onResponse(req, resp);
  return resp;
}

TEST(SecurityHeadersTest, Defaults) {
  const auto resp = run(config::SecurityHeadersConfig{});
  EXPECT_EQ(headerOf(resp, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(headerOf(resp, "X-Frame-Options"), "DENY");
  EXPECT_EQ(headerOf(resp, "Content-Security-Policy"), "frame-ancestors 'none'");
  EXPECT_EQ(headerOf(resp, "Referrer-Policy"), "no-referrer");
  EXPECT_EQ(headerOf(resp, "Strict-Transport-Security"), std::nullopt);
  EXPECT_EQ(resp.headers.size(), 4u);
}

TEST(SecurityHeadersTest, Hsts) {
  config::SecurityHeadersConfig cfg;
  cfg.hsts.enabled = true;
  cfg.hsts.max_age_seconds = 600;
  EXPECT_EQ(headerOf(run(cfg), "Strict-Transport-Security"), "max-age=600; includeSubDomains");
  cfg.hsts.include_subdomains = false;
  EXPECT_EQ(headerOf(run(cfg), "Strict-Transport-Security"), "max-age=600");
}

TEST(SecurityHeadersTest, EmptyValuesDisableHeaders) {
  config::SecurityHeadersConfig cfg;
  cfg.frame_options = "";
  cfg.content_security_policy = "";
  cfg.referrer_policy = "";
  cfg.nosniff = false;
  EXPECT_TRUE(run(cfg).headers.empty());
}

TEST(SecurityHeadersTest, DisabledAddsNothingEvenHsts) {
  config::SecurityHeadersConfig cfg;
  cfg.enabled = false;
  cfg.hsts.enabled = true;
  EXPECT_TRUE(run(cfg).headers.empty());
}

TEST(SecurityHeadersTest, HandlerSetHeadersWin) {
  http::Response resp;
  resp.headers = {{"content-security-policy", "default-src 'self'"},
                  {"X-Frame-Options", "SAMEORIGIN"}};
  resp = run(config::SecurityHeadersConfig{}, resp);
  EXPECT_EQ(headerOf(resp, "Content-Security-Policy"), "default-src 'self'");
  EXPECT_EQ(headerOf(resp, "X-Frame-Options"), "SAMEORIGIN");
  EXPECT_EQ(headerOf(resp, "X-Content-Type-Options"), "nosniff");
}

TEST(SecurityHeadersTest, AddedToErrorResponsesToo) {
  http::Response resp;
  resp.setError(404, "not_found", "Not found");
  resp = run(config::SecurityHeadersConfig{}, resp);
  EXPECT_EQ(headerOf(resp, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(resp.status, 404);
}

}  // namespace
}  // namespace atrium::host::middleware

#include "host/middleware/body_limit.hpp"

#include <string>

#include <gtest/gtest.h>

namespace atrium::host::middleware {
namespace {

struct Outcome {
  bool proceed;
  http::Response response;
};

Outcome run(size_t limit, std::string body, std::vector<http::NameValue> headers = {}) {
  BodyLimitMiddleware mw(limit);
  http::Request req;
  req.body = std::move(body);
  req.headers = std::move(headers);
  http::Response resp;
  const bool proceed = mw.onRequest(req, resp);
  return {proceed, resp};
}

void expect413(const Outcome& o) {
  EXPECT_FALSE(o.proceed);
  EXPECT_TRUE(o.response.has_error);
  EXPECT_EQ(o.response.status, 413);
  EXPECT_EQ(o.response.error.code, "payload_too_large");
  EXPECT_EQ(o.response.error.message, "Request body too large");
}

TEST(BodyLimitTest, ExactlyAtLimitPasses) {
  const auto o = run(10, std::string(10, 'x'), {{"Content-Length", "10"}});
  EXPECT_TRUE(o.proceed);
  EXPECT_FALSE(o.response.has_error);
}

TEST(BodyLimitTest, OneByteOverIsRefused) { expect413(run(10, std::string(11, 'x'))); }

TEST(BodyLimitTest, DeclaredContentLengthOverIsRefused) {
  expect413(run(10, "", {{"content-length", "11"}}));
  expect413(run(10, "", {{"Content-Length", " 99999999999999999999999999 "}}));  // overflow
}

TEST(BodyLimitTest, EmptyBodyAndZeroLimit) {
  EXPECT_TRUE(run(0, "").proceed);
  EXPECT_TRUE(run(0, "", {{"Content-Length", "0"}}).proceed);
  expect413(run(0, "x"));
}

TEST(BodyLimitTest, NonNumericContentLengthIsLeftToTheParser) {
  EXPECT_TRUE(run(10, "abc", {{"Content-Length", "abc"}}).proceed);
  EXPECT_TRUE(run(10, "abc", {{"Content-Length", "-5"}}).proceed);
  EXPECT_TRUE(run(10, "abc", {{"Content-Length", ""}}).proceed);
}

TEST(BodyLimitTest, OnResponseLeavesResponseAlone) {
  BodyLimitMiddleware mw(5);
  http::Request req;
  http::Response resp;
  resp.status = 201;
  mw.onResponse(req, resp);
  EXPECT_EQ(resp.status, 201);
  EXPECT_TRUE(resp.headers.empty());
  EXPECT_EQ(mw.limit(), 5u);
}

}  // namespace
}  // namespace atrium::host::middleware

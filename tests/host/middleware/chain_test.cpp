#include "host/middleware/chain.hpp"

#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace atrium::host::middleware {
namespace {

// Records calls into the response body so the test sees the order; no per-request members.
class Step final : public Middleware {
 public:
  enum class Mode { kPass, kStop, kThrowOnRequest, kThrowOnResponse };
  Step(std::string name, Mode mode = Mode::kPass) : name_(std::move(name)), mode_(mode) {}
  bool onRequest(http::Request&, http::Response& response) override {
    response.body += "req:" + name_ + ";";
    if (mode_ == Mode::kThrowOnRequest) throw std::runtime_error("boom in " + name_);
    if (mode_ == Mode::kStop) {
      response.setError(401, "unauthorized", "no");
      return false;
    }
    return true;
  }
  void onResponse(const http::Request&, http::Response& response) override {
    response.body += "resp:" + name_ + ";";
    if (mode_ == Mode::kThrowOnResponse) throw std::runtime_error("late boom");
  }

 private:
  std::string name_;
  Mode mode_;
};

TEST(MiddlewareChainTest, RunsInOrderThenReverse) {
  MiddlewareChain chain;
  chain.add(std::make_shared<Step>("a"));
  chain.add(std::make_shared<Step>("b"));
  chain.add(std::make_shared<Step>("c"));
  http::Request req;
  http::Response resp;
  const auto progress = chain.runRequest(req, resp);
  EXPECT_TRUE(progress.proceed);
  EXPECT_EQ(progress.ran, 3u);
  chain.runResponse(req, resp, progress);
  EXPECT_EQ(resp.body, "req:a;req:b;req:c;resp:c;resp:b;resp:a;");
}

TEST(MiddlewareChainTest, ShortCircuitRunsResponseForStepsUpToTheStopper) {
  MiddlewareChain chain;
  chain.add(std::make_shared<Step>("a"));
  chain.add(std::make_shared<Step>("auth", Step::Mode::kStop));
  chain.add(std::make_shared<Step>("c"));
  http::Request req;
  http::Response resp;
  const auto progress = chain.runRequest(req, resp);
  EXPECT_FALSE(progress.proceed);
  EXPECT_EQ(progress.ran, 2u);
  chain.runResponse(req, resp, progress.ran);
  EXPECT_EQ(resp.body, "req:a;req:auth;resp:auth;resp:a;");
  EXPECT_EQ(resp.status, 401);
  EXPECT_TRUE(resp.has_error);
}

TEST(MiddlewareChainTest, EmptyChainProceeds) {
  MiddlewareChain chain;
  http::Request req;
  http::Response resp;
  const auto progress = chain.runRequest(req, resp);
  EXPECT_TRUE(progress.proceed);
  EXPECT_EQ(progress.ran, 0u);
  chain.runResponse(req, resp, 5);  // a count past the end is clamped
  EXPECT_EQ(resp.body, "");
}

TEST(MiddlewareChainTest, ThrowingStepBecomes500AndStops) {
  MiddlewareChain chain;
  chain.add(std::make_shared<Step>("a"));
  chain.add(std::make_shared<Step>("bad", Step::Mode::kThrowOnRequest));
  chain.add(std::make_shared<Step>("c"));
  http::Request req;
  http::Response resp;
  const auto progress = chain.runRequest(req, resp);
  EXPECT_FALSE(progress.proceed);
  EXPECT_EQ(progress.ran, 2u);
  EXPECT_EQ(resp.status, 500);
  EXPECT_TRUE(resp.has_error);
  EXPECT_EQ(resp.error.code, "internal_error");
  EXPECT_EQ(resp.error.message, "Internal server error");
  EXPECT_NE(resp.error.internal_detail.find("boom in bad"), std::string::npos);
}

TEST(MiddlewareChainTest, ThrowingOnResponseStillRunsTheRest) {
  MiddlewareChain chain;
  chain.add(std::make_shared<Step>("a"));
  chain.add(std::make_shared<Step>("bad", Step::Mode::kThrowOnResponse));
  http::Request req;
  http::Response resp;
  chain.runResponse(req, resp, chain.runRequest(req, resp));
  EXPECT_EQ(resp.body, "req:a;req:bad;resp:bad;resp:a;");
  EXPECT_EQ(resp.status, 500);
  EXPECT_NE(resp.error.internal_detail.find("late boom"), std::string::npos);
}

TEST(MiddlewareChainTest, RejectsNull) {
  MiddlewareChain chain;
  EXPECT_THROW(chain.add(nullptr), std::invalid_argument);
  EXPECT_EQ(chain.size(), 0u);
}

}  // namespace
}  // namespace atrium::host::middleware

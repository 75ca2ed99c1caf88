// The rate-limit middleware and named limiters over the memory store, with an injected clock.
#include "host/middleware/rate_limit.hpp"

#include <gtest/gtest.h>

#include "host/http/envelope.hpp"
#include "host/middleware/memory_rate_limit_store.hpp"
#include "tests/support/captured_log.hpp"

namespace atrium::host::middleware {
namespace {

using json = nlohmann::json;

// A store whose every call fails, for the failure modes.
class BrokenStore final : public RateLimitStore {
 public:
  RateLimitDecision apply(std::string_view, const RateLimitPolicy&, const std::string&, int64_t,
                          RateLimitMode) override {
    throw RateLimitStoreError("connection refused");
  }
};

class RateLimitTest : public ::testing::Test {
 protected:
  static config::RateLimitConfig limiterConfig(int64_t max) {
    config::RateLimitConfig c;
    c.name = "test";
    c.window = std::chrono::milliseconds(60000);
    c.max = max;
    c.key = {{config::RateLimitKeyPart::kIp, ""}};
    return c;
  }

  RateLimiter& make(const config::RateLimitConfig& c,
                    std::shared_ptr<RateLimitStore> store = nullptr) {
    if (!store) store = std::make_shared<MemoryRateLimitStore>(1000);
    limiters_.push_back(
        std::make_unique<RateLimiter>(c, std::move(store), log_.sink(), [this] { return now_; }));
    return *limiters_.back();
  }

  static http::Request request(const std::string& ip = "10.0.0.1") {
    http::Request r;
    r.method = "POST";
    r.path = "/login";
    r.route_pattern = "/login";
    r.client_ip = ip;
    r.request_id = "rid-1";
    return r;
  }

  // Runs the chain step as the pipeline does: onRequest, a handler answering `status` when
  // allowed, then onResponse. Returns the response.
  static http::Response run(RateLimitMiddleware& mw, http::Request req, int status = 200) {
    http::Response res;
    if (mw.onRequest(req, res)) res.status = status;
    mw.onResponse(req, res);
    return res;
  }

  static std::string header(const http::Response& res, std::string_view name) {
    for (const auto& [n, v] : res.headers) {
      if (http::equalsIgnoreCase(n, name)) return v;
    }
    return "";
  }

  int64_t now_ = 999'999'980'000;  // 20 s into a minute (of the epoch)
  atrium::testing::CapturedLog log_;
  std::vector<std::unique_ptr<RateLimiter>> limiters_;
};

TEST_F(RateLimitTest, AllowsMaxThenAnswers429WithRetryAfterAndEnvelopeError) {
  RateLimitMiddleware mw({&make(limiterConfig(2))});
  EXPECT_EQ(run(mw, request()).status, 200);
  const auto second = run(mw, request());
  EXPECT_EQ(header(second, "RateLimit-Limit"), "2");
  EXPECT_EQ(header(second, "RateLimit-Remaining"), "0");
  EXPECT_EQ(header(second, "RateLimit-Reset"), "100");  // 40 s left in this window + one window
  const auto third = run(mw, request());
  EXPECT_TRUE(third.has_error);
  EXPECT_EQ(third.error.status, 429);
  EXPECT_EQ(third.error.code, "rate_limited");
  EXPECT_EQ(third.error.message, "Too many requests, please try again later.");
  EXPECT_EQ(third.error.retry_after, 70);  // 2 in this window weigh 1 after 30 s of the next
  EXPECT_EQ(header(third, "Retry-After"), "70");
  EXPECT_EQ(limiters_[0]->limitedCount(), 1u);
  // Another client is not affected.
  EXPECT_EQ(run(mw, request("10.0.0.2")).status, 200);
  // Time passes: allowed again.
  now_ += 70'000;
  EXPECT_EQ(run(mw, request()).status, 200);
}

TEST_F(RateLimitTest, CustomJsonBodyCarriesRetryAfterAsANumber) {
  auto c = limiterConfig(1);
  c.code = "AUTH_RATE_LIMIT_EXCEEDED";
  c.message = "Too many authentication attempts";
  c.body =
      json::parse(R"({"error":"{{code}}","message":"{{message}}","retryAfter":"{{retry_after}}"})");
  RateLimitMiddleware mw({&make(c)});
  run(mw, request());
  const auto res = run(mw, request());
  EXPECT_FALSE(res.has_error);
  EXPECT_EQ(res.status, 429);
  EXPECT_EQ(res.content_type, "application/json");
  EXPECT_EQ(json::parse(res.body),
            json::parse(R"({"error":"AUTH_RATE_LIMIT_EXCEEDED",)"
                        R"("message":"Too many authentication attempts","retryAfter":100})"));
}

TEST_F(RateLimitTest, TextBodyIsSentAsPlainText) {
  auto c = limiterConfig(1);
  c.body = "Too many requests, retry in {{retry_after}} s";
  RateLimitMiddleware mw({&make(c)});
  run(mw, request());
  const auto res = run(mw, request());
  EXPECT_EQ(res.status, 429);
  EXPECT_EQ(res.content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(res.body, "Too many requests, retry in 100 s");
}

TEST_F(RateLimitTest, FailedOnlyCountsFailuresAndNeverSuccesses) {
  auto c = limiterConfig(2);
  c.count_failed_only = true;
  RateLimitMiddleware mw({&make(c)});
  for (int i = 0; i < 10; ++i) ASSERT_EQ(run(mw, request(), 200).status, 200) << i;
  EXPECT_EQ(run(mw, request(), 401).status, 401);
  EXPECT_EQ(run(mw, request(), 401).status, 401);
  // Two failures: the next attempt is refused, even one that would succeed.
  EXPECT_EQ(run(mw, request(), 200).error.status, 429);
  // Its own 429s do not count: after the window the client gets through.
  now_ += 100'000;
  EXPECT_EQ(run(mw, request(), 200).status, 200);
}

TEST_F(RateLimitTest, FailedStatusesListNarrowsWhatCounts) {
  auto c = limiterConfig(1);
  c.count_failed_only = true;
  c.failed_statuses = {401};
  RateLimitMiddleware mw({&make(c)});
  EXPECT_EQ(run(mw, request(), 400).status, 400);
  EXPECT_EQ(run(mw, request(), 500).status, 500);
  EXPECT_EQ(run(mw, request(), 401).status, 401);
  EXPECT_EQ(run(mw, request(), 200).error.status, 429);
}

TEST_F(RateLimitTest, FailedOnlyCountsErrorsSetByHandlers) {
  auto c = limiterConfig(1);
  c.count_failed_only = true;
  RateLimitMiddleware mw({&make(c)});
  http::Request req = request();
  http::Response res;
  ASSERT_TRUE(mw.onRequest(req, res));
  res.setError(401, "unauthorized", "Invalid credentials");
  mw.onResponse(req, res);
  EXPECT_EQ(run(mw, request()).error.status, 429);
}

TEST_F(RateLimitTest, KeyByHeaderRouteAndCombination) {
  auto c = limiterConfig(1);
  c.key = {{config::RateLimitKeyPart::kHeader, "X-Api-Key"},
           {config::RateLimitKeyPart::kRoute, ""}};
  RateLimiter& limiter = make(c);
  http::Request a = request();
  a.headers = {{"x-api-key", "k1"}};
  EXPECT_EQ(*limiter.keyFor(a), "h:k1\x1froute:POST /login");
  RateLimitMiddleware mw({&limiter});
  EXPECT_EQ(run(mw, a).status, 200);
  EXPECT_EQ(run(mw, a).error.status, 429);
  http::Request b = a;
  b.headers = {{"X-Api-Key", "k2"}};
  EXPECT_EQ(run(mw, b).status, 200) << "another key value";
  http::Request other_route = a;
  other_route.route_pattern = "/register";
  EXPECT_EQ(run(mw, other_route).status, 200) << "another route";
}

TEST_F(RateLimitTest, UserKeyUsesTheSubjectAndFallsBackToIp) {
  auto c = limiterConfig(1);
  c.key = {{config::RateLimitKeyPart::kUser, ""}};
  RateLimiter& limiter = make(c);
  http::Request anonymous = request();
  EXPECT_EQ(*limiter.keyFor(anonymous), "ip:10.0.0.1");
  http::Request user = request();
  user.principal_json = R"({"sub":"u-42","role":"USER"})";
  EXPECT_EQ(*limiter.keyFor(user), "user:u-42");
  user.principal_json = R"({"sub":42})";
  EXPECT_EQ(*limiter.keyFor(user), "user:42");
  user.principal_json = "not json";
  EXPECT_EQ(*limiter.keyFor(user), "ip:10.0.0.1");
}

TEST_F(RateLimitTest, SkipHeaderBypassesTheLimiter) {
  auto c = limiterConfig(1);
  c.skip_header = "x-cron-job-key";
  c.skip_value = "s3cret";
  RateLimitMiddleware mw({&make(c)});
  http::Request cron = request();
  cron.headers = {{"X-Cron-Job-Key", "s3cret"}};
  for (int i = 0; i < 5; ++i) EXPECT_EQ(run(mw, cron).status, 200);
  http::Request wrong = request();
  wrong.headers = {{"X-Cron-Job-Key", "s3cre"}};
  EXPECT_EQ(run(mw, wrong).status, 200);
  EXPECT_EQ(run(mw, wrong).error.status, 429);
}

TEST_F(RateLimitTest, TwoLimitersFirstRefusalWinsAndHeadersShowTheTightest) {
  auto general = limiterConfig(100);
  general.name = "general";
  auto strict = limiterConfig(2);
  strict.name = "strict";
  strict.code = "strict_limit";
  RateLimitMiddleware mw({&make(general), &make(strict)});
  EXPECT_EQ(header(run(mw, request()), "RateLimit-Remaining"), "1");
  run(mw, request());
  const auto res = run(mw, request());
  EXPECT_EQ(res.error.code, "strict_limit");
}

TEST_F(RateLimitTest, StoreFailureFailsOpenWithAWarningAndACount) {
  RateLimitMiddleware mw({&make(limiterConfig(1), std::make_shared<BrokenStore>())});
  for (int i = 0; i < 3; ++i) EXPECT_EQ(run(mw, request()).status, 200);
  EXPECT_EQ(limiters_[0]->storeErrorCount(), 3u);
  const std::string log = log_.text();
  EXPECT_NE(log.find("fail open"), std::string::npos) << log;
  EXPECT_NE(log.find("connection refused"), std::string::npos);
  // Logged once per interval, not once per request.
  EXPECT_EQ(log.find("fail open"), log.rfind("fail open"));
}

TEST_F(RateLimitTest, StoreFailureFailsClosedWith503WhenConfigured) {
  auto c = limiterConfig(1);
  c.fail_open = false;
  RateLimitMiddleware mw({&make(c, std::make_shared<BrokenStore>())});
  const auto res = run(mw, request());
  EXPECT_EQ(res.error.status, 503);
  EXPECT_EQ(res.error.code, "rate_limit_unavailable");
}

TEST_F(RateLimitTest, TokenBucketLimiter) {
  auto c = limiterConfig(0);
  c.algorithm = config::RateLimitAlgorithmKind::kTokenBucket;
  c.burst = 2;
  c.rate = 0.5;  // one token every 2 s
  RateLimitMiddleware mw({&make(c)});
  EXPECT_EQ(run(mw, request()).status, 200);
  EXPECT_EQ(run(mw, request()).status, 200);
  const auto refused = run(mw, request());
  EXPECT_EQ(refused.error.status, 429);
  EXPECT_EQ(header(refused, "Retry-After"), "2");
  now_ += 2000;
  EXPECT_EQ(run(mw, request()).status, 200);
}

TEST_F(RateLimitTest, SetRendersMetricsPerLimiter) {
  std::map<std::string, config::RateLimitConfig> configs;
  configs["auth"] = limiterConfig(1);
  configs["auth"].name = "auth";
  RateLimiterSet set(configs, nullptr, log_.sink(), [this] { return now_; });
  RateLimiter* auth = set.find("auth");
  ASSERT_NE(auth, nullptr);
  EXPECT_EQ(set.find("nope"), nullptr);
  RateLimitMiddleware mw({auth});
  run(mw, request());
  run(mw, request());
  std::string out;
  set.renderPrometheus(out);
  EXPECT_NE(out.find("atrium_rate_limited_total{limiter=\"auth\"} 1\n"), std::string::npos) << out;
  EXPECT_NE(out.find("atrium_rate_limit_store_errors_total{limiter=\"auth\"} 0\n"),
            std::string::npos);
  EXPECT_NE(out.find("atrium_rate_limit_keys{limiter=\"auth\"} 1\n"), std::string::npos);
}

}  // namespace
}  // namespace atrium::host::middleware

// Rate limits through the real binary: 429 with Retry-After and the product's exact body,
// failed-only counting, keys by header and by IP, RateLimit-* headers, metrics, and two atrium
// instances on one PostgreSQL (and one SQLite file) enforcing ONE limit.
#include <memory>

#include <gtest/gtest.h>

#include "tests/host/db/test_database.hpp"
#include "tests/integration/integration_config.hpp"
#include "tests/support/test_server.hpp"

namespace atrium::testing {
namespace {

using host::db::Backend;

// Beautiful_Encer's limiter bodies, KAYA's plain-text one, Taklifnoma's envelope.
constexpr const char* kLimits = R"(
rate_limits:
  auth:
    window: 15m
    max: 3
    count: failed
    code: AUTH_RATE_LIMIT_EXCEEDED
    message: "Too many authentication attempts, please try again later."
    body: {error: "{{code}}", message: "{{message}}", retryAfter: "{{retry_after}}"}
  text:
    window: 1m
    max: 1
    body: "Too many requests from this IP, please try again later."
  ai:
    window: 1m
    max: 2
    message: "Juda ko'p so'rov, keyinroq urinib ko'ring"
  by_key:
    window: 1h
    max: 1
    key: ["header:X-Api-Key"]
    headers: false
  cron:
    window: 1h
    max: 1
    key: [user]
    skip: {header: x-cron-job-key, equals: "cron-secret"}
)";

// The host-core config plus these routes, then the limiters (a top-level key after routes:).
std::string config() {
  return hostCoreConfig(
      "", std::string(R"(  - {method: POST, path: /login, handler: testkit.status, rate_limit: auth}
  - {method: GET, path: /text, handler: testkit.json, rate_limit: text}
  - {method: POST, path: /ai, handler: testkit.json, rate_limit: ai, envelope: product}
  - {method: GET, path: /keyed, handler: testkit.json, rate_limit: [by_key]}
  - {method: GET, path: /social, handler: testkit.json, rate_limit: cron}
)") + kLimits);
}

class RateLimitIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!server_) server_ = std::make_unique<TestServer>(config());
  }
  static void TearDownTestSuite() { server_.reset(); }
  static std::unique_ptr<TestServer> server_;
};
std::unique_ptr<TestServer> RateLimitIntegrationTest::server_;

TEST_F(RateLimitIntegrationTest, LoginLimiterCountsOnlyFailuresAndAnswersTheProductBody) {
  HttpClient client = server_->client();
  for (int i = 0; i < 6; ++i) {
    auto ok = client.post("/login?code=200", "{}");
    ASSERT_EQ(ok.status, 200) << "successes never count: " << i;
    EXPECT_EQ(ok.header("RateLimit-Limit"), "3");
    EXPECT_EQ(ok.header("RateLimit-Remaining"), "3");
  }
  for (int i = 0; i < 3; ++i) ASSERT_EQ(client.post("/login?code=401", "{}").status, 401) << i;
  auto refused = client.post("/login?code=200", "{}");
  ASSERT_EQ(refused.status, 429) << refused.body;
  EXPECT_EQ(refused.header("Content-Type"), "application/json");
  const int retry = std::stoi(refused.header("Retry-After"));
  EXPECT_GT(retry, 0);
  EXPECT_LE(retry, 1800);
  EXPECT_EQ(refused.json(), (nlohmann::json{{"error", "AUTH_RATE_LIMIT_EXCEEDED"},
                                            {"message",
                                             "Too many authentication attempts, please "
                                             "try again later."},
                                            {"retryAfter", retry}}));
}

TEST_F(RateLimitIntegrationTest, PlainTextBodyPerIp) {
  HttpClient client = server_->client();
  ASSERT_EQ(client.get("/text").status, 200);
  auto refused = client.get("/text");
  ASSERT_EQ(refused.status, 429);
  EXPECT_EQ(refused.header("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(refused.body, "Too many requests from this IP, please try again later.");
  EXPECT_FALSE(refused.header("Retry-After").empty());
  // Keyed by IP: a new connection from the same address is refused too.
  HttpClient other = server_->client();
  EXPECT_EQ(other.get("/text").status, 429);
}

TEST_F(RateLimitIntegrationTest, EnvelopeBodyWhenTheLimiterHasNone) {
  HttpClient client = server_->client();
  ASSERT_EQ(client.post("/ai", "{}").status, 200);
  ASSERT_EQ(client.post("/ai", "{}").status, 200);
  auto refused = client.post("/ai", "{}");
  ASSERT_EQ(refused.status, 429);
  EXPECT_EQ(refused.body,
            R"({"message":"Juda ko'p so'rov, keyinroq urinib ko'ring","success":false})");
  EXPECT_FALSE(refused.header("Retry-After").empty());
}

TEST_F(RateLimitIntegrationTest, KeyByHeaderCountsEachValueSeparately) {
  HttpClient client = server_->client();
  EXPECT_EQ(client.get("/keyed", {{"X-Api-Key", "alpha"}}).status, 200);
  auto refused = client.get("/keyed", {{"X-Api-Key", "alpha"}});
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(refused.json()["error"]["code"], "rate_limited");
  EXPECT_FALSE(refused.headers.has("RateLimit-Limit")) << "headers: false";
  EXPECT_EQ(client.get("/keyed", {{"X-Api-Key", "beta"}}).status, 200);
}

TEST_F(RateLimitIntegrationTest, SkipHeaderAndMetrics) {
  HttpClient client = server_->client();
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(client.get("/social", {{"X-Cron-Job-Key", "cron-secret"}}).status, 200);
  }
  EXPECT_EQ(client.get("/social").status, 200);
  EXPECT_EQ(client.get("/social", {{"X-Cron-Job-Key", "wrong"}}).status, 429);
  const std::string metrics = client.get("/metrics").body;
  EXPECT_NE(metrics.find("atrium_rate_limited_total{limiter=\"cron\"} 1\n"), std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("# TYPE atrium_rate_limit_store_errors_total counter"), std::string::npos);
}

TEST(RateLimitConfigIntegrationTest, UnknownLimiterIsAStartupErrorWithFileAndLine) {
  try {
    TestServer server(hostCoreConfig() +
                      "  - {method: GET, path: /x, handler: testkit.json, "
                      "rate_limit: nope}\n");
    FAIL() << "the server started";
  } catch (const TestServerError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("config.yaml:"), std::string::npos) << what;
    EXPECT_NE(what.find("routes[11].rate_limit: unknown rate limiter 'nope' (define it under "
                        "rate_limits:)"),
              std::string::npos)
        << what;
  }
}

// Two instances, one database: the limit is shared.
std::string sharedConfig(const std::string& url) {
  return R"(product: shared
server:
  listen: "127.0.0.1:0"
  worker_threads: 4
database:
  url: ")" +
         url + R"("
  migrate: auto
plugin_dirs: ["@PLUGIN_DIR@/test"]
plugins:
  - name: testkit
    config: {greeting: hi}
rate_limits:
  shared:
    window: 10m
    max: 5
    store: database
    code: RATE_LIMIT_EXCEEDED
  strict:
    window: 10m
    max: 5
    store: database
    on_store_error: deny
routes:
  - {method: GET, path: /limited, handler: testkit.json, rate_limit: shared}
  - {method: GET, path: /strict, handler: testkit.json, rate_limit: strict}
)";
}

class SharedRateLimitIntegrationTest : public host::db::testing::BothBackendsTest {
 protected:
  void TearDown() override {
    for (auto& server : servers_) {
      if (server) {
        EXPECT_EQ(server->stop(), 0);
      }
    }
    servers_.clear();
    BothBackendsTest::TearDown();
  }
  std::string sharedUrl() const {
    // SQLite: both processes open the same file (one host, one file).
    return GetParam() == Backend::kSqlite ? "sqlite://" + (dir_.path() / "shared.db").string()
                                          : url_text_;
  }
  std::vector<std::unique_ptr<TestServer>> servers_;
};
INSTANTIATE_TEST_SUITE_P(Backends, SharedRateLimitIntegrationTest, host::db::testing::kBothBackends,
                         host::db::testing::testBackendName);

TEST_P(SharedRateLimitIntegrationTest, TwoInstancesEnforceOneLimit) {
  // SQLite: both processes open the same file (one host, one file).
  const std::string url = GetParam() == Backend::kSqlite
                              ? "sqlite://" + (dir_.path() / "shared.db").string()
                              : url_text_;
  servers_.push_back(std::make_unique<TestServer>(sharedConfig(url)));
  servers_.push_back(std::make_unique<TestServer>(sharedConfig(url)));
  HttpClient a = servers_[0]->client();
  HttpClient b = servers_[1]->client();
  int allowed = 0;
  int refused = 0;
  for (int i = 0; i < 12; ++i) {
    auto res = (i % 2 == 0 ? a : b).get("/limited");
    if (res.status == 200) {
      ++allowed;
    } else {
      ASSERT_EQ(res.status, 429) << res.body;
      EXPECT_EQ(res.json()["error"]["code"], "RATE_LIMIT_EXCEEDED");
      EXPECT_FALSE(res.header("Retry-After").empty());
      ++refused;
    }
  }
  EXPECT_EQ(allowed, 5);
  EXPECT_EQ(refused, 7);
}

TEST_P(SharedRateLimitIntegrationTest, StoreFailureFailsOpenOrClosedPerLimiter) {
  servers_.push_back(std::make_unique<TestServer>(sharedConfig(sharedUrl())));
  HttpClient client = servers_[0]->client();
  ASSERT_EQ(client.get("/limited").status, 200);
  // The counters' table disappears under the running server.
  host::db::ConnectionPool pool(host::db::parseDatabaseUrl(sharedUrl(), dir_.path()),
                                host::db::PoolOptions{.size = 1});
  {
    host::db::Lease lease = pool.acquire();
    *lease << "DROP TABLE atrium_rate_limits";
  }
  // on_store_error: allow (default): requests pass unlimited, counted and logged once.
  for (int i = 0; i < 8; ++i) EXPECT_EQ(client.get("/limited").status, 200) << i;
  // on_store_error: deny: 503.
  auto denied = client.get("/strict");
  EXPECT_EQ(denied.status, 503);
  EXPECT_EQ(denied.json()["error"]["code"], "rate_limit_unavailable");
  const std::string metrics = client.get("/metrics").body;
  EXPECT_NE(metrics.find("atrium_rate_limit_store_errors_total{limiter=\"shared\"} 8\n"),
            std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("atrium_rate_limit_store_errors_total{limiter=\"strict\"} 1\n"),
            std::string::npos);
  EXPECT_EQ(servers_[0]
                ->logLinesWithMsg("rate-limit store failed; requests pass unlimited (fail "
                                  "open)")
                .size(),
            1u);
  EXPECT_EQ(servers_[0]
                ->logLinesWithMsg("rate-limit store failed; requests are refused (fail closed)")
                .size(),
            1u);
}

}  // namespace
}  // namespace atrium::testing

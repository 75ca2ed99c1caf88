// The `rate_limits:` block (host/config/rate_limit_config_builder.cpp), route references to it
// and the routes' `validate:` blocks (host/config/route_config_builder.cpp).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <atrium/validation.hpp>
#include <gtest/gtest.h>

#include "host/config/config_error.hpp"
#include "host/config/config_loader.hpp"
#include "tests/host/config/temp_dir.hpp"

namespace atrium::host::config {
namespace {

using Errors = std::vector<std::string>;
using Json = nlohmann::json;

class RateLimitConfigTest : public ::testing::Test {
 protected:
  RateLimitConfigTest() { dir_.write("plugins/hello.so", ""); }

  HostConfig load(const std::string& text) {
    const std::string path = dir_.write("app.yaml", "plugin_dirs: [plugins]\n" + text);
    return loadHostConfig(path, env_, {});
  }

  Errors errorsFor(const std::string& text) {
    try {
      load(text);
    } catch (const ConfigError& e) {
      Errors out = e.messages();
      for (std::string& message : out) {
        if (message.starts_with(dir_.path())) message.replace(0, dir_.path().size(), "DIR");
      }
      return out;
    }
    ADD_FAILURE() << "config accepted:\n" << text;
    return {};
  }

  testing::TempDir dir_;
  EnvLookup env_ = [](const std::string& name) -> std::optional<std::string> {
    if (name == "CRON_JOB_SECRET") return "s3cret";
    return std::nullopt;
  };
};

TEST_F(RateLimitConfigTest, EveryKeyIsRead) {
  const HostConfig c = load(R"(rate_limits:
  auth:
    window: 15m
    max: 5
    key: [ip, user, route, "header:X-Api-Key"]
    count: failed
    failed_statuses: [401, 403]
    store: database
    on_store_error: deny
    max_keys: 5000
    code: AUTH_RATE_LIMIT_EXCEEDED
    message: Too many attempts
    body: {error: "{{code}}", message: "{{message}}", retryAfter: "{{retry_after}}"}
    headers: false
    skip: {header: x-cron-job-key, equals: "${CRON_JOB_SECRET}"}
  bucket: {algorithm: token_bucket, rate: 0.5, burst: 20}
)");
  ASSERT_EQ(c.rate_limits.size(), 2u);
  const RateLimitConfig& auth = c.rate_limits.at("auth");
  EXPECT_EQ(auth.name, "auth");
  EXPECT_EQ(auth.algorithm, RateLimitAlgorithmKind::kWindow);
  EXPECT_EQ(auth.window, std::chrono::minutes(15));
  EXPECT_EQ(auth.max, 5);
  ASSERT_EQ(auth.key.size(), 4u);
  EXPECT_EQ(auth.key[0].part, RateLimitKeyPart::kIp);
  EXPECT_EQ(auth.key[1].part, RateLimitKeyPart::kUser);
  EXPECT_EQ(auth.key[2].part, RateLimitKeyPart::kRoute);
  EXPECT_EQ(auth.key[3].part, RateLimitKeyPart::kHeader);
  EXPECT_EQ(auth.key[3].header, "X-Api-Key");
  EXPECT_TRUE(auth.count_failed_only);
  EXPECT_EQ(auth.failed_statuses, (std::vector<int>{401, 403}));
  EXPECT_TRUE(auth.database_store);
  EXPECT_FALSE(auth.fail_open);
  EXPECT_EQ(auth.max_keys, 5000u);
  EXPECT_EQ(auth.code, "AUTH_RATE_LIMIT_EXCEEDED");
  EXPECT_EQ(auth.message, "Too many attempts");
  EXPECT_EQ(auth.body, Json::parse(R"({"error":"{{code}}","message":"{{message}}",)"
                                   R"("retryAfter":"{{retry_after}}"})"));
  EXPECT_FALSE(auth.headers);
  EXPECT_EQ(auth.skip_header, "x-cron-job-key");
  EXPECT_EQ(auth.skip_value, "s3cret");
  const RateLimitConfig& bucket = c.rate_limits.at("bucket");
  EXPECT_EQ(bucket.algorithm, RateLimitAlgorithmKind::kTokenBucket);
  EXPECT_DOUBLE_EQ(bucket.rate, 0.5);
  EXPECT_EQ(bucket.burst, 20);
  // Defaults.
  ASSERT_EQ(bucket.key.size(), 1u);
  EXPECT_EQ(bucket.key[0].part, RateLimitKeyPart::kIp);
  EXPECT_FALSE(bucket.count_failed_only);
  EXPECT_FALSE(bucket.database_store);
  EXPECT_TRUE(bucket.fail_open);
  EXPECT_EQ(bucket.code, "rate_limited");
  EXPECT_TRUE(bucket.body.is_null());
  EXPECT_TRUE(bucket.headers);
}

TEST_F(RateLimitConfigTest, RoutesReferenceLimitersByNameOrList) {
  const HostConfig c = load(R"(rate_limits:
  general: {max: 100, window: 15m}
  auth: {max: 5, window: 15m, count: failed}
defaults:
  rate_limit: [general]
plugins:
  - name: hello
routes:
  - {method: GET, path: /a, handler: hello.a}
  - {method: POST, path: /login, handler: hello.login, rate_limit: [general, auth]}
  - {method: POST, path: /b, handler: hello.b, rate_limit: auth}
  - {method: GET, path: /c, handler: hello.c, rate_limit: []}
)");
  EXPECT_EQ(c.defaults.rate_limit, std::vector<std::string>{"general"});
  EXPECT_EQ(c.routes[0].rate_limit, std::nullopt);
  EXPECT_EQ(c.routes[1].rate_limit, (std::vector<std::string>{"general", "auth"}));
  EXPECT_EQ(c.routes[2].rate_limit, std::vector<std::string>{"auth"});
  EXPECT_EQ(c.routes[3].rate_limit, std::vector<std::string>{});
}

TEST_F(RateLimitConfigTest, UnknownLimiterNamesAreLocatedErrors) {
  EXPECT_EQ(errorsFor(R"(rate_limits:
  general: {max: 100}
defaults:
  rate_limit: [generl]
plugins:
  - name: hello
routes:
  - {method: GET, path: /a, handler: hello.a, rate_limit: strict}
  - {method: GET, path: /b, handler: hello.b, rate_limit: [general, nope]}
  - {method: GET, path: /c, handler: hello.c, rate_limit: {x: 1}}
)"),
            (Errors{"DIR/app.yaml:5:16: defaults.rate_limit[0]: unknown rate limiter 'generl' "
                    "(define it under rate_limits:)",
                    "DIR/app.yaml:9:59: routes[0].rate_limit: unknown rate limiter 'strict' "
                    "(define it under rate_limits:)",
                    "DIR/app.yaml:10:69: routes[1].rate_limit[1]: unknown rate limiter 'nope' "
                    "(define it under rate_limits:)",
                    "DIR/app.yaml:11:59: routes[2].rate_limit: must be a limiter name or a list "
                    "of limiter names"}));
}

TEST_F(RateLimitConfigTest, LimiterChecks) {
  EXPECT_EQ(errorsFor(R"(rate_limits:
  Bad: {max: 1}
  a: {key: [ip, cookie], failed_statuses: [401]}
  b: {key: []}
  c: {body: [1]}
  d: {body: {m: "{{errors}}"}}
  e: {max: 0}
)"),
            (Errors{"DIR/app.yaml:8:12: rate_limits.e.max: value 0 is below the minimum 1"}));
  EXPECT_EQ(errorsFor(R"(rate_limits:
  Bad: {max: 1}
  a: {key: [ip, cookie], failed_statuses: [401]}
  b: {key: []}
  c: {body: [1]}
  d: {body: {m: "{{errors}}"}}
)"),
            (Errors{"DIR/app.yaml:3:8: rate_limits.Bad: invalid limiter name 'Bad' (lowercase "
                    "letters, digits, '_' and '-', starting with a letter)",
                    "DIR/app.yaml:4:17: rate_limits.a.key[1]: unknown key part 'cookie' (ip, "
                    "user, route or header:<Name>)",
                    "DIR/app.yaml:4:43: rate_limits.a.failed_statuses: failed_statuses needs "
                    "'count: failed'",
                    "DIR/app.yaml:5:12: rate_limits.b.key: name at least one key part",
                    "DIR/app.yaml:6:13: rate_limits.c.body: must be a mapping (JSON body) or a "
                    "string (text body)",
                    "DIR/app.yaml:7:13: rate_limits.d.body: unknown placeholder '{{errors}}' "
                    "(known: {{message}}, {{code}}, {{status}}, {{request_id}}, "
                    "{{retry_after}})"}));
}

TEST_F(RateLimitConfigTest, ValidateBlocksAreCompiledOnce) {
  const HostConfig c = load(R"(plugins:
  - name: hello
routes:
  - method: POST
    path: /signup
    handler: hello.signup
    validate:
      message: "{{errors}}"
      body:
        type: object
        properties:
          email: {type: string, required: true, format: email}
      query:
        type: object
        properties:
          ref: {type: string, max_length: 10}
  - {method: GET, path: /plain, handler: hello.plain}
)");
  ASSERT_NE(c.routes[0].validate, nullptr);
  const ValidationConfig& v = *c.routes[0].validate;
  ASSERT_NE(v.body, nullptr);
  ASSERT_NE(v.query, nullptr);
  EXPECT_EQ(v.message, "{{errors}}");
  EXPECT_EQ(v.code, "validation_failed");
  EXPECT_EQ(v.body->validate(Json{{"email", "x"}}).size(), 1u);
  EXPECT_EQ(c.routes[1].validate, nullptr);
}

TEST_F(RateLimitConfigTest, InvalidSchemasAreLocatedAtTheRule) {
  EXPECT_EQ(errorsFor(R"(plugins:
  - name: hello
routes:
  - method: POST
    path: /signup
    handler: hello.signup
    validate:
      body:
        type: object
        properties:
          email: {type: string, format: mail}
          age: {type: integer, min_length: 2}
  - method: GET
    path: /list
    handler: hello.list
    validate:
      query: {type: string}
  - {method: GET, path: /x, handler: hello.x, validate: {}}
)"),
            (Errors{"DIR/app.yaml:13:44: routes[0].validate.body.properties.age.min_length: "
                    "needs type string",
                    "DIR/app.yaml:18:14: routes[1].validate.query: the query schema needs "
                    "'type: object' and properties",
                    "DIR/app.yaml:19:57: routes[2].validate: set body, query or both"}));
}

}  // namespace
}  // namespace atrium::host::config

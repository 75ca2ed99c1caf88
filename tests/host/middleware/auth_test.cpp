#include "host/middleware/auth.hpp"

#include <string>

#include <gtest/gtest.h>

namespace atrium::host::middleware {
namespace {

using Json = nlohmann::json;

constexpr int64_t kNow = 1'800'000'000;

struct Outcome {
  bool proceed = false;
  http::Request request;
  http::Response response;
  std::string header(std::string_view name) const {
    for (const auto& [n, v] : response.headers) {
      if (http::equalsIgnoreCase(n, name)) return v;
    }
    return "";
  }
};

class AuthMiddlewareTest : public ::testing::Test {
 protected:
  AuthMiddlewareTest() { rebuild(); }

  void rebuild() {
    service_ = std::make_unique<auth::AuthService>(
        config_, auth::makeHs256Key("middleware-test-secret-0123456789abcdef"),
        [this] { return now_; });
  }

  Outcome run(config::AuthMode mode, std::vector<std::string> roles,
              std::vector<http::NameValue> headers, const config::Envelope* envelope = nullptr) {
    AuthMiddleware mw(*service_, mode, std::move(roles), envelope, "kaya");
    Outcome out;
    out.request.headers = std::move(headers);
    out.request.request_id = "req-1";
    out.proceed = mw.onRequest(out.request, out.response);
    return out;
  }

  std::string token(const Json& claims) { return service_->tokens().issue(claims).token; }
  uint64_t failures(auth::AuthMetrics::Failure reason) {
    return service_->metrics().failures(reason);
  }

  config::AuthConfig config_;
  int64_t now_ = kNow;
  std::unique_ptr<auth::AuthService> service_;
};

TEST_F(AuthMiddlewareTest, BearerTokenParsing) {
  const auto parse = [](std::string value) -> std::optional<std::string> {
    http::Request req;
    req.headers = {{"Authorization", std::move(value)}};
    const auto token = bearerToken(req);
    if (!token) return std::nullopt;
    return std::string(*token);
  };
  EXPECT_EQ(parse("Bearer abc.def.ghi"), "abc.def.ghi");
  EXPECT_EQ(parse("bearer   abc.def.ghi  "), "abc.def.ghi");
  EXPECT_EQ(parse("BEARER abc"), "abc");
  EXPECT_EQ(parse("Basic dXNlcjpwYXNz"), std::nullopt);
  EXPECT_EQ(parse("Bearerabc"), std::nullopt);
  EXPECT_EQ(parse("Bearer"), "");
  EXPECT_EQ(parse("Bearer a b"), "");
  EXPECT_EQ(parse("Bearer a\"b"), "");
  http::Request none;
  EXPECT_EQ(bearerToken(none), std::nullopt);
}

TEST_F(AuthMiddlewareTest, RequiredWithoutTokenIs401WithAChallenge) {
  const Outcome out = run(config::AuthMode::kRequired, {}, {});
  EXPECT_FALSE(out.proceed);
  EXPECT_TRUE(out.response.has_error);
  EXPECT_EQ(out.response.error.status, 401);
  EXPECT_EQ(out.response.error.code, "unauthenticated");
  EXPECT_EQ(out.response.error.message, "Authentication required");
  EXPECT_EQ(out.header("WWW-Authenticate"), "Bearer realm=\"kaya\"");
  EXPECT_TRUE(out.request.principal_json.empty());
  EXPECT_EQ(failures(auth::AuthMetrics::Failure::kMissing), 1u);
  // Another scheme counts as no bearer token.
  EXPECT_EQ(
      run(config::AuthMode::kRequired, {}, {{"Authorization", "Basic eDp5"}}).response.error.code,
      "unauthenticated");
}

TEST_F(AuthMiddlewareTest, RequiredWithValidTokenSetsThePrincipal) {
  const Outcome out =
      run(config::AuthMode::kRequired, {},
          {{"authorization", "Bearer " + token({{"sub", "u-1"}, {"role", "user"}})}});
  EXPECT_TRUE(out.proceed);
  EXPECT_FALSE(out.response.has_error);
  const Json principal = Json::parse(out.request.principal_json);
  EXPECT_EQ(principal["sub"], "u-1");
  EXPECT_EQ(principal["role"], "user");
  EXPECT_EQ(principal["exp"], kNow + 900);
  EXPECT_TRUE(principal.contains("jti"));
}

TEST_F(AuthMiddlewareTest, InvalidAndExpiredTokensAre401) {
  const std::string good = token({{"sub", "u"}});
  Outcome bad = run(config::AuthMode::kRequired, {}, {{"Authorization", "Bearer " + good + "x"}});
  EXPECT_FALSE(bad.proceed);
  EXPECT_EQ(bad.response.error.status, 401);
  EXPECT_EQ(bad.response.error.code, "invalid_token");
  EXPECT_EQ(bad.response.error.message, "Invalid token");
  EXPECT_EQ(bad.header("WWW-Authenticate"),
            "Bearer realm=\"kaya\", error=\"invalid_token\", error_description=\"The access "
            "token is invalid\"");
  EXPECT_EQ(failures(auth::AuthMetrics::Failure::kSignature), 1u);

  Outcome empty = run(config::AuthMode::kRequired, {}, {{"Authorization", "Bearer "}});
  EXPECT_EQ(empty.response.error.code, "invalid_token");
  EXPECT_EQ(failures(auth::AuthMetrics::Failure::kMalformed), 1u);

  now_ = kNow + 900 + 31;
  Outcome expired = run(config::AuthMode::kRequired, {}, {{"Authorization", "Bearer " + good}});
  EXPECT_EQ(expired.response.error.status, 401);
  EXPECT_EQ(expired.response.error.code, "token_expired");
  EXPECT_EQ(expired.response.error.message, "Token expired");
  EXPECT_NE(expired.header("WWW-Authenticate").find("The access token expired"), std::string::npos);
  EXPECT_EQ(failures(auth::AuthMetrics::Failure::kExpired), 1u);
}

TEST_F(AuthMiddlewareTest, OptionalWithoutTokenIsAnonymous) {
  const Outcome out = run(config::AuthMode::kOptional, {}, {});
  EXPECT_TRUE(out.proceed);
  EXPECT_TRUE(out.request.principal_json.empty());
  EXPECT_FALSE(out.response.has_error);
}

TEST_F(AuthMiddlewareTest, OptionalWithValidTokenIdentifies) {
  const Outcome out =
      run(config::AuthMode::kOptional, {}, {{"Authorization", "Bearer " + token({{"sub", "7"}})}});
  EXPECT_TRUE(out.proceed);
  EXPECT_EQ(Json::parse(out.request.principal_json)["sub"], "7");
}

TEST_F(AuthMiddlewareTest, OptionalWithInvalidTokenIs401ByDefault) {
  const Outcome out = run(config::AuthMode::kOptional, {}, {{"Authorization", "Bearer x.y.z"}});
  EXPECT_FALSE(out.proceed);
  EXPECT_EQ(out.response.error.status, 401);
  EXPECT_EQ(out.response.error.code, "invalid_token");
}

TEST_F(AuthMiddlewareTest, OptionalWithInvalidTokenIsAnonymousWhenConfigured) {
  config_.optional_invalid_token = config::OptionalInvalidToken::kAnonymous;
  rebuild();
  const Outcome out = run(config::AuthMode::kOptional, {}, {{"Authorization", "Bearer x.y.z"}});
  EXPECT_TRUE(out.proceed);
  EXPECT_TRUE(out.request.principal_json.empty());
  // A required route still refuses it.
  EXPECT_FALSE(run(config::AuthMode::kRequired, {}, {{"Authorization", "Bearer x.y.z"}}).proceed);
}

TEST_F(AuthMiddlewareTest, RolesAllowListedRolesOnly) {
  const std::string admin = token({{"sub", "a"}, {"role", "ADMIN"}});
  const std::string user = token({{"sub", "u"}, {"role", "USER"}});
  const std::string none = token({{"sub", "n"}});
  EXPECT_TRUE(
      run(config::AuthMode::kRequired, {"ADMIN", "SALON"}, {{"Authorization", "Bearer " + admin}})
          .proceed);
  const Outcome forbidden =
      run(config::AuthMode::kRequired, {"ADMIN"}, {{"Authorization", "Bearer " + user}});
  EXPECT_FALSE(forbidden.proceed);
  EXPECT_EQ(forbidden.response.error.status, 403);
  EXPECT_EQ(forbidden.response.error.code, "forbidden");
  EXPECT_EQ(forbidden.response.error.message, "Forbidden");
  EXPECT_EQ(forbidden.header("WWW-Authenticate"),
            "Bearer realm=\"kaya\", error=\"insufficient_scope\"");
  EXPECT_TRUE(forbidden.request.principal_json.empty());
  EXPECT_EQ(run(config::AuthMode::kRequired, {"ADMIN"}, {{"Authorization", "Bearer " + none}})
                .response.error.status,
            403);
  // Roles are case-sensitive.
  EXPECT_EQ(run(config::AuthMode::kRequired, {"admin"}, {{"Authorization", "Bearer " + admin}})
                .response.error.status,
            403);
  // No token on a roles route: 401, not 403.
  EXPECT_EQ(run(config::AuthMode::kRequired, {"ADMIN"}, {}).response.error.status, 401);
  EXPECT_EQ(failures(auth::AuthMetrics::Failure::kForbidden), 3u);
}

TEST_F(AuthMiddlewareTest, DefaultRoleSatisfiesRoles) {
  config_.claims.default_role = "user";
  rebuild();
  EXPECT_TRUE(run(config::AuthMode::kRequired, {"user"},
                  {{"Authorization", "Bearer " + token({{"sub", "n"}})}})
                  .proceed);
}

TEST_F(AuthMiddlewareTest, ConfiguredMessagesAndEnvelope) {
  config_.errors.missing = "Unauthorized: No token provided";
  config_.errors.invalid = "Unauthorized: Invalid token";
  rebuild();
  config::Envelope error_only{"error_only", Json{{"error", "{{message}}"}}};
  const Outcome missing = run(config::AuthMode::kRequired, {}, {}, &error_only);
  EXPECT_FALSE(missing.proceed);
  EXPECT_FALSE(missing.response.has_error);  // rendered here, in the auth envelope
  EXPECT_EQ(missing.response.status, 401);
  EXPECT_EQ(missing.response.content_type, "application/json");
  EXPECT_EQ(missing.response.body, R"({"error":"Unauthorized: No token provided"})");
  EXPECT_EQ(missing.header("WWW-Authenticate"), "Bearer realm=\"kaya\"");
  const Outcome invalid =
      run(config::AuthMode::kRequired, {}, {{"Authorization", "Bearer a.b.c"}}, &error_only);
  EXPECT_EQ(invalid.response.body, R"({"error":"Unauthorized: Invalid token"})");
}

TEST_F(AuthMiddlewareTest, APrincipalSmuggledInBeforeTheStepIsCleared) {
  Outcome out;
  AuthMiddleware mw(*service_, config::AuthMode::kOptional, {}, nullptr, "kaya");
  out.request.principal_json = R"({"sub":"admin"})";
  EXPECT_TRUE(mw.onRequest(out.request, out.response));
  EXPECT_TRUE(out.request.principal_json.empty());
}

}  // namespace
}  // namespace atrium::host::middleware

// Authentication through the real binary: tokens issued by a plugin through the ABI (authkit),
// routes with auth: required | optional and roles, the principal in plugins and scripts, the
// exact error bodies, production's refusal without a secret and the development secret file.
#include <sys/stat.h>

#include <filesystem>
#include <memory>

#include <gtest/gtest.h>

#include "tests/support/test_server.hpp"

namespace atrium::testing {
namespace {

using Json = nlohmann::json;

constexpr const char* kSecret = "integration-secret-0123456789-abcdefghijklmnop";

std::string authConfig(const std::string& auth_block) {
  return R"(product: authtest
server:
  listen: "127.0.0.1:0"
  worker_threads: 4
logging:
  level: debug
scripts:
  dir: "@TEST_DIR@/scripts"
plugin_dirs: ["@PLUGIN_DIR@/test"]
plugins:
  - name: authkit
envelopes:
  product:
    error: {success: false, message: "{{message}}"}
)" + auth_block +
         R"(
routes:
  - {method: POST, path: /issue, handler: authkit.issue}
  - {method: GET, path: /me, handler: authkit.whoami, auth: required}
  - {method: GET, path: /maybe, handler: authkit.whoami, auth: optional}
  - {method: GET, path: /admin, handler: authkit.whoami, auth: required, roles: [ADMIN], envelope: product}
  - {method: GET, path: /script/me, script: whoami, auth: required}
  - {method: POST, path: /hash, handler: authkit.hash}
  - {method: POST, path: /verify, handler: authkit.verify}
  - {method: GET, path: /random, handler: authkit.random}
)";
}

TestServerOptions withScripts(TestServerOptions options = {}) {
  options.files["scripts/whoami.lua"] =
      "return {handle = function(req) return {principal = req.principal} end}\n";
  return options;
}

Headers bearer(const std::string& token) { return Headers{{"Authorization", "Bearer " + token}}; }

class AuthIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (server_) return;
    TestServerOptions options = withScripts();
    options.env["ATRIUM_TEST_JWT_SECRET"] = kSecret;
    server_ = std::make_unique<TestServer>(authConfig(R"(auth:
  secret: ${ATRIUM_TEST_JWT_SECRET}
  claims: {extra: [email]}
  errors: {missing: "Unauthorized: No token provided", forbidden: "Ruxsat berilmagan"}
)"),
                                           options);
  }
  static void TearDownTestSuite() { server_.reset(); }

  static std::string issue(const Json& claims) {
    const auto res = server_->client().postJson("/issue", claims);
    EXPECT_EQ(res.status, 200) << res.body;
    return res.json().at("token").get<std::string>();
  }

  static std::unique_ptr<TestServer> server_;
};
std::unique_ptr<TestServer> AuthIntegrationTest::server_;

TEST_F(AuthIntegrationTest, RequiredRouteWithoutTokenIs401InTheEnvelope) {
  const auto res = server_->client().get("/me");
  EXPECT_EQ(res.status, 401);
  EXPECT_EQ(res.header("WWW-Authenticate"), "Bearer realm=\"authtest\"");
  const Json body = res.json();
  EXPECT_EQ(body["error"]["code"], "unauthenticated");
  EXPECT_EQ(body["error"]["message"], "Unauthorized: No token provided");
  EXPECT_EQ(body["error"]["request_id"], res.header("X-Request-Id"));
}

TEST_F(AuthIntegrationTest, TokenIssuedThroughTheAbiOpensTheRoute) {
  const auto issued = server_->client().postJson(
      "/issue", {{"sub", "user-7"}, {"role", "USER"}, {"email", "a@example.com"}});
  ASSERT_EQ(issued.status, 200) << issued.body;
  const std::string token = issued.json()["token"];
  const int64_t expires_at = issued.json()["expires_at"];
  EXPECT_GT(expires_at, 1'700'000'000);
  const auto res = server_->client().get("/me", bearer(token));
  ASSERT_EQ(res.status, 200) << res.body;
  const Json principal = res.json()["principal"];
  EXPECT_EQ(principal["sub"], "user-7");
  EXPECT_EQ(principal["role"], "USER");
  EXPECT_EQ(principal["email"], "a@example.com");
  EXPECT_EQ(principal["exp"], expires_at);
  EXPECT_EQ(principal["exp"].get<int64_t>() - principal["iat"].get<int64_t>(), 900);
}

TEST_F(AuthIntegrationTest, PrincipalIsVisibleToAScriptRoute) {
  const std::string token = issue({{"sub", "user-8"}, {"role", "USER"}});
  const auto res = server_->client().get("/script/me", bearer(token));
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.json()["principal"]["sub"], "user-8");
  EXPECT_EQ(res.json()["principal"]["role"], "USER");
  EXPECT_EQ(server_->client().get("/script/me").status, 401);
}

TEST_F(AuthIntegrationTest, WrongRoleIs403WithTheExactEnvelopeBody) {
  const auto res = server_->client().get("/admin", bearer(issue({{"sub", "u"}, {"role", "USER"}})));
  EXPECT_EQ(res.status, 403);
  EXPECT_EQ(res.body, R"({"message":"Ruxsat berilmagan","success":false})");
  EXPECT_EQ(res.header("WWW-Authenticate"),
            "Bearer realm=\"authtest\", error=\"insufficient_scope\"");
  const auto ok = server_->client().get("/admin", bearer(issue({{"sub", "a"}, {"role", "ADMIN"}})));
  EXPECT_EQ(ok.status, 200) << ok.body;
  const auto none = server_->client().get("/admin");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.body, R"({"message":"Unauthorized: No token provided","success":false})");
}

TEST_F(AuthIntegrationTest, TamperedTokenIs401InvalidToken) {
  std::string token = issue({{"sub", "u"}, {"role", "USER"}});
  token.back() = token.back() == 'A' ? 'B' : 'A';
  const auto res = server_->client().get("/me", bearer(token));
  EXPECT_EQ(res.status, 401);
  EXPECT_EQ(res.json()["error"]["code"], "invalid_token");
  EXPECT_EQ(res.json()["error"]["message"], "Invalid token");
  EXPECT_NE(res.header("WWW-Authenticate").find("error=\"invalid_token\""), std::string::npos);
  EXPECT_EQ(res.body.find(token), std::string::npos);
}

TEST_F(AuthIntegrationTest, OptionalRouteIsAnonymousWithoutTokenAnd401WithABadOne) {
  const auto anonymous = server_->client().get("/maybe");
  ASSERT_EQ(anonymous.status, 200) << anonymous.body;
  EXPECT_TRUE(anonymous.json()["principal"].is_null());
  const auto known = server_->client().get("/maybe", bearer(issue({{"sub", "k"}})));
  EXPECT_EQ(known.json()["principal"]["sub"], "k");
  EXPECT_TRUE(known.json()["principal"]["role"].is_null());
  EXPECT_EQ(server_->client().get("/maybe", bearer("not.a.token")).status, 401);
}

TEST_F(AuthIntegrationTest, IssueRefusesUnlistedClaimsAndTheReasonIsLogged) {
  const auto res = server_->client().postJson("/issue", {{"sub", "u"}, {"password", "x"}});
  EXPECT_EQ(res.status, 500);
  ASSERT_TRUE(
      server_->waitForLog("token_issue: claim 'password' is not allowed: list it in "
                          "auth.claims.extra to put it in tokens"));
}

TEST_F(AuthIntegrationTest, PasswordsThroughTheSdk) {
  auto client = server_->client();
  const auto hashed = client.postJson("/hash", {{"password", "s3cret pw"}});
  ASSERT_EQ(hashed.status, 200) << hashed.body;
  const std::string hash = hashed.json()["hash"];
  EXPECT_EQ(hash.rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u);
  EXPECT_EQ(client.postJson("/verify", {{"password", "s3cret pw"}, {"hash", hash}}).json(),
            (Json{{"match", true}, {"needs_rehash", false}}));
  EXPECT_EQ(client.postJson("/verify", {{"password", "wrong"}, {"hash", hash}}).json(),
            (Json{{"match", false}, {"needs_rehash", false}}));
  // An imported bcrypt hash ($2b$, cost 5) verifies and asks for an upgrade.
  EXPECT_EQ(
      client
          .postJson("/verify",
                    {{"password", "U*U"},
                     {"hash", "$2b$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"}})
          .json(),
      (Json{{"match", true}, {"needs_rehash", true}}));
  const auto too_long = client.postJson("/hash", {{"password", std::string(1025, 'p')}});
  EXPECT_EQ(too_long.status, 400);
  EXPECT_EQ(too_long.json()["error"]["code"], "password_too_long");
  EXPECT_EQ(client.postJson("/verify", {{"password", "x"}, {"hash", "garbage"}}).status, 500);
  EXPECT_EQ(server_->logText().find("s3cret pw"), std::string::npos);
}

TEST_F(AuthIntegrationTest, RandomnessThroughTheSdk) {
  const Json a = server_->client().get("/random").json();
  const Json b = server_->client().get("/random").json();
  EXPECT_EQ(a["token"].get<std::string>().size(), 43u);
  EXPECT_NE(a["token"], b["token"]);
  EXPECT_EQ(a["digits"].get<std::string>().size(), 6u);
  EXPECT_EQ(a["bytes"], 16);
  EXPECT_EQ(a["sha256_abc"], "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(AuthIntegrationTest, MetricsCountFailuresByReason) {
  server_->client().get("/me");
  const std::string metrics = server_->client().get("/metrics").body;
  EXPECT_NE(metrics.find("atrium_auth_failures_total{reason=\"missing\"}"), std::string::npos);
  EXPECT_NE(metrics.find("atrium_auth_tokens_issued_total"), std::string::npos);
  EXPECT_EQ(metrics.find("atrium_auth_failures_total{reason=\"missing\"} 0\n"), std::string::npos);
}

// Runs last in this suite (alphabetical order is not guaranteed; it only reads).
TEST_F(AuthIntegrationTest, TheLogNeverContainsATokenOrItsSignature) {
  const std::string token = issue({{"sub", "log-check"}, {"role", "USER"}});
  server_->client().get("/me", bearer(token));
  server_->client().get("/admin", bearer(token));
  std::string tampered = token;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  server_->client().get("/me", bearer(tampered));
  server_->client().get("/script/me", bearer(token));
  const std::string log = server_->logText();
  ASSERT_FALSE(log.empty());
  const std::string signature = token.substr(token.rfind('.') + 1);
  EXPECT_EQ(log.find(token), std::string::npos);
  EXPECT_EQ(log.find(signature), std::string::npos);
  EXPECT_EQ(log.find(tampered.substr(tampered.rfind('.') + 1)), std::string::npos);
  EXPECT_EQ(log.find(kSecret), std::string::npos);
}

TEST(AuthStartupTest, ProductionWithoutSecretRefusesToStart) {
  TempDir dir("atrium-auth-prod");
  const std::string config =
      substitutePlaceholders(authConfig("environment: production\n"), dir.path());
  dir.write("scripts/whoami.lua", "return {handle = function() return {} end}\n");
  const auto path = dir.write("config.yaml", config);
  const RunResult result = runAtrium({"serve", "--config", path.string()});
  EXPECT_EQ(result.exit_code, 1) << result.stderr_text;
  EXPECT_NE(result.stderr_text.find(
                "config.yaml: auth.secret: environment is production and no HS256 secret is "
                "configured: set auth.secret: ${JWT_SECRET} and export JWT_SECRET"),
            std::string::npos)
      << result.stderr_text;
}

TEST(AuthStartupTest, ProductionWithShortOrLiteralSecretRefusesToStart) {
  TempDir dir("atrium-auth-prod-short");
  dir.write("scripts/whoami.lua", "return {handle = function() return {} end}\n");
  const auto path = dir.write(
      "config.yaml",
      substitutePlaceholders(authConfig("environment: production\nauth:\n  secret: ${SHORT}\n"),
                             dir.path()));
  RunResult result = runAtrium({"serve", "--config", path.string()}, {{"SHORT", "too-short"}});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.stderr_text.find("auth.secret: environment is production and the HS256 secret "
                                    "is 9 bytes long; it needs at least 32"),
            std::string::npos)
      << result.stderr_text;
  EXPECT_EQ(result.stderr_text.find("too-short"), std::string::npos);
  const auto literal = dir.write(
      "literal.yaml",
      substitutePlaceholders(
          authConfig("environment: production\nauth:\n  secret: " + std::string(kSecret) + "\n"),
          dir.path()));
  result = runAtrium({"check-config", "--config", literal.string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.stderr_text.find("the secret is written in the file"), std::string::npos)
      << result.stderr_text;
}

TEST(AuthStartupTest, DevelopmentSecretIsGeneratedOnceAndReusedAcrossRestarts) {
  TempDir work("atrium-auth-dev");
  TestServerOptions options = withScripts();
  options.working_dir = work.path();
  std::string token;
  {
    TestServer first(authConfig(""), options);
    const auto res = first.client().postJson("/issue", {{"sub", "dev-user"}});
    ASSERT_EQ(res.status, 200) << res.body;
    token = res.json()["token"];
    EXPECT_EQ(first.client().get("/me", bearer(token)).status, 200);
    EXPECT_EQ(first
                  .logLinesWithMsg(
                      "auth.secret is not set: generated a development secret (tokens stay valid "
                      "across restarts of this instance only; set auth.secret: ${JWT_SECRET} for "
                      "anything shared)")
                  .size(),
              1u)
        << first.logText();
    EXPECT_EQ(first.stop(), 0);
  }
  const auto file = work.path() / "var/authtest.jwt_secret";
  ASSERT_TRUE(std::filesystem::exists(file));
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const std::string secret = work.read("var/authtest.jwt_secret");
  {
    TestServer second(authConfig(""), options);
    const auto res = second.client().get("/me", bearer(token));
    EXPECT_EQ(res.status, 200) << res.body;
    EXPECT_EQ(res.json()["principal"]["sub"], "dev-user");
    EXPECT_TRUE(second
                    .logLinesWithMsg("auth.secret is not set: generated a development secret "
                                     "(tokens stay valid across restarts of this instance only; "
                                     "set auth.secret: ${JWT_SECRET} for anything shared)")
                    .empty());
    EXPECT_EQ(second.logText().find(secret.substr(0, 40)), std::string::npos);
    EXPECT_EQ(second.stop(), 0);
  }
  EXPECT_EQ(work.read("var/authtest.jwt_secret"), secret);
}

TEST(AuthStartupTest, AnotherSecretInvalidatesTokens) {
  TestServerOptions options = withScripts();
  options.env["ATRIUM_TEST_JWT_SECRET"] = kSecret;
  std::string token;
  {
    TestServer first(authConfig("auth:\n  secret: ${ATRIUM_TEST_JWT_SECRET}\n"), options);
    token = first.client().postJson("/issue", {{"sub", "u"}}).json()["token"];
  }
  options.env["ATRIUM_TEST_JWT_SECRET"] = std::string(kSecret) + "-rotated";
  TestServer second(authConfig("auth:\n  secret: ${ATRIUM_TEST_JWT_SECRET}\n"), options);
  const auto res = second.client().get("/me", bearer(token));
  EXPECT_EQ(res.status, 401);
  EXPECT_EQ(res.json()["error"]["code"], "invalid_token");
}

}  // namespace
}  // namespace atrium::testing

// The accounts plugin with KAYA's contract (tests/integration/accounts_kaya.yaml): e-mail
// verification and password reset by mailed links with 256-bit tokens, terms acceptance at
// register, the resend cooldown; on SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include "tests/integration/accounts_test_support.hpp"

namespace atrium::testing::accounts {
namespace {

class LinkAccountsTest : public host::db::testing::BothBackendsTest {
 protected:
  std::unique_ptr<TestServer> start() {
    return startAccounts("accounts_kaya.yaml",
                         serverDatabaseUrl(GetParam(), url_text_, dir_.path()));
  }
  // The token of the newest link mailed to `to` under `prefix`.
  static std::string linkToken(const TestServer& server, const std::string& to,
                               const std::string& prefix, size_t at_least = 1) {
    const auto mail = lastMessage(server, "mail", to, at_least);
    if (!mail) return "";
    const std::string text = (*mail)["text"];
    const size_t at = text.find(prefix);
    if (at == std::string::npos) return "";
    return text.substr(at + prefix.size(), 43);
  }
  static Json signup(const std::string& email) {
    return {
        {"email", email}, {"password", "kaya-password"}, {"name", "Lena"}, {"acceptTerms", true}};
  }
};
INSTANTIATE_TEST_SUITE_P(Backends, LinkAccountsTest, host::db::testing::kBothBackends,
                         host::db::testing::testBackendName);

TEST_P(LinkAccountsTest, RegisterNeedsTheTermsAndAnswersInKayasShape) {
  auto server = start();
  auto client = server->client();
  Json no_terms = signup("lena@kaya.test");
  no_terms.erase("acceptTerms");
  auto res = client.postJson("/api/v1/auth/register", no_terms);
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(res.json(),
            (Json{{"status", "error"}, {"message", "You must accept the terms and conditions"}}));
  no_terms["acceptTerms"] = false;
  EXPECT_EQ(client.postJson("/api/v1/auth/register", no_terms).status, 400);

  res = client.postJson("/api/v1/auth/register", signup("lena@kaya.test"));
  ASSERT_EQ(res.status, 201) << res.body;
  const Json data = res.json()["data"];
  EXPECT_EQ(res.json()["status"], "success");
  EXPECT_EQ(data["user"], (Json{{"id", data["user"]["id"]},
                                {"email", "lena@kaya.test"},
                                {"name", "Lena"},
                                {"emailVerified", false}}));
  EXPECT_TRUE(data["accessToken"].is_string());
  EXPECT_TRUE(data["refreshToken"].is_string());
  res = client.postJson("/api/v1/auth/register", signup("LENA@kaya.test"));
  EXPECT_EQ(res.status, 409);
  EXPECT_EQ(res.json(), (Json{{"status", "error"}, {"message", "Email already registered"}}));
  // Verification does not block login at KAYA.
  res = client.postJson("/api/v1/auth/login",
                        {{"email", "lena@kaya.test"}, {"password", "kaya-password"}});
  EXPECT_EQ(res.status, 200) << res.body;
}

TEST_P(LinkAccountsTest, VerificationLinkWorksOnceAndResendHasACooldown) {
  auto server = start();
  auto client = server->client();
  ASSERT_EQ(client.postJson("/api/v1/auth/register", signup("link@kaya.test")).status, 201);
  const std::string token = linkToken(*server, "link@kaya.test", "https://kaya.test/verify-email/");
  ASSERT_EQ(token.size(), 43u);
  auto res = client.postJson("/api/v1/auth/resend-verification", {{"email", "link@kaya.test"}});
  EXPECT_EQ(res.status, 429) << "within the cooldown";
  EXPECT_EQ(client.get("/api/v1/auth/verify-email/not-a-token").status, 400);
  res = client.get("/api/v1/auth/verify-email/" + token);
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.json(), (Json{{"status", "success"}, {"message", "Email verified successfully"}}));
  EXPECT_EQ(client.get("/api/v1/auth/verify-email/" + token).status, 400) << "used up";
  res = client.postJson("/api/v1/auth/login",
                        {{"email", "link@kaya.test"}, {"password", "kaya-password"}});
  EXPECT_EQ(res.json()["data"]["user"]["emailVerified"], true);
  res = client.postJson("/api/v1/auth/resend-verification", {{"email", "link@kaya.test"}});
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(res.json()["message"], "Email is already verified");
}

TEST_P(LinkAccountsTest, ResetLinkSetsANewPasswordOnce) {
  auto server = start();
  auto client = server->client();
  ASSERT_EQ(client.postJson("/api/v1/auth/register", signup("reset@kaya.test")).status, 201);
  const Json same = {
      {"status", "success"},
      {"message", "If an account with that email exists, a password reset link has been sent"}};
  auto res = client.postJson("/api/v1/auth/request-password-reset", {{"email", "who@kaya.test"}});
  EXPECT_EQ(res.json(), same);
  res = client.postJson("/api/v1/auth/request-password-reset", {{"email", "reset@kaya.test"}});
  EXPECT_EQ(res.json(), same);
  const std::string token =
      linkToken(*server, "reset@kaya.test", "https://kaya.test/reset-password/", 2);
  ASSERT_EQ(token.size(), 43u);
  EXPECT_EQ(client
                .postJson("/api/v1/auth/reset-password/" + std::string(43, 'A'),
                          {{"password", "brand-new-pass"}})
                .status,
            400);
  EXPECT_EQ(client.postJson("/api/v1/auth/reset-password/" + token, {{"password", "short"}}).status,
            400);
  res = client.postJson("/api/v1/auth/reset-password/" + token, {{"password", "brand-new-pass"}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(client.postJson("/api/v1/auth/reset-password/" + token, {{"password", "third-pass-1"}})
                .status,
            400);
  EXPECT_EQ(client
                .postJson("/api/v1/auth/login",
                          {{"email", "reset@kaya.test"}, {"password", "brand-new-pass"}})
                .status,
            200);
  EXPECT_EQ(client
                .postJson("/api/v1/auth/login",
                          {{"email", "reset@kaya.test"}, {"password", "kaya-password"}})
                .status,
            401);
}

}  // namespace
}  // namespace atrium::testing::accounts

// The accounts plugin with Beautiful_Encer's signup contract (accounts_beautiful_encer.yaml):
// the role comes from the route, terms must be accepted, errors are {error}; a product that
// reveals unknown addresses at forgot-password (its client shows "not found"). SQLite and
// PostgreSQL.
#include <gtest/gtest.h>

#include "tests/integration/accounts_test_support.hpp"

namespace atrium::testing::accounts {
namespace {

class RoleRouteAccountsTest : public host::db::testing::BothBackendsTest {
 protected:
  std::unique_ptr<TestServer> start() {
    return startAccounts("accounts_beautiful_encer.yaml",
                         serverDatabaseUrl(GetParam(), url_text_, dir_.path()));
  }
  static Json signup(const std::string& email, const std::string& phone = "+819012345678") {
    return {{"name", "Aya"},
            {"email", email},
            {"password", "encer-password"},
            {"phoneNo", phone},
            {"acceptTerms", true}};
  }
};
INSTANTIATE_TEST_SUITE_P(Backends, RoleRouteAccountsTest, host::db::testing::kBothBackends,
                         host::db::testing::testBackendName);

TEST_P(RoleRouteAccountsTest, TheSignupRouteChoosesTheRole) {
  auto server = start();
  auto client = server->client();
  auto res = client.postJson("/api/v1/auth/signup/salon", signup("salon@be.test"));
  ASSERT_EQ(res.status, 201) << res.body;
  EXPECT_EQ(res.json()["message"], "User registered successfully. Please verify your email.");
  EXPECT_EQ(res.json()["user"]["role"], "SALON");
  EXPECT_EQ(res.json()["user"]["phoneNo"], "+819012345678");
  EXPECT_FALSE(res.json().contains("accessToken"));
  Json influencer = signup("aya@be.test", "+819012340000");
  influencer["role"] = "ADMIN";  // ignored: roles.from_body is empty
  res = client.postJson("/api/v1/auth/signup/influencer", influencer);
  ASSERT_EQ(res.status, 201) << res.body;
  EXPECT_EQ(res.json()["user"]["role"], "INFLUENCER");

  res = client.postJson("/api/v1/auth/signup/influencer", signup("salon@be.test"));
  EXPECT_EQ(res.status, 409);
  EXPECT_EQ(res.json(), (Json{{"error", "Email already exists"}}))
      << "accounts are global at this product: one e-mail, one account";
  Json no_terms = signup("late@be.test", "+819012341111");
  no_terms["acceptTerms"] = "false";
  res = client.postJson("/api/v1/auth/signup/salon", no_terms);
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(res.json(), (Json{{"error", "You must accept the terms and conditions"}}));

  res = client.postJson("/api/v1/auth/login",
                        {{"email", "salon@be.test"}, {"password", "encer-password"}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.json()["message"], "Login successful");
  EXPECT_EQ(res.json()["user"]["role"], "SALON");
  EXPECT_EQ(res.json().size(), 3u) << res.body;
  const auto me =
      client.get("/api/v1/profile/me", bearer(res.json()["accessToken"].get<std::string>()));
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json()["user"]["email"], "salon@be.test");
}

TEST_P(RoleRouteAccountsTest, ForgotPasswordRevealsUnknownAddressesWhenConfigured) {
  auto server = start();
  auto client = server->client();
  auto res = client.postJson("/api/v1/auth/forgot-password", {{"email", "nobody@be.test"}});
  EXPECT_EQ(res.status, 404);
  EXPECT_EQ(res.json(), (Json{{"error", "User not found"}}));
  ASSERT_EQ(client.postJson("/api/v1/auth/signup/salon", signup("known@be.test")).status, 201);
  res = client.postJson("/api/v1/auth/forgot-password", {{"email", "known@be.test"}});
  EXPECT_EQ(res.status, 200) << res.body;
  EXPECT_FALSE(codeSentTo(*server, "mail", "known@be.test", 2).empty());
  res = client.postJson("/api/v1/auth/forgot-password", {{"email", "known@be.test"}});
  EXPECT_EQ(res.status, 429) << "the cooldown is told when addresses are revealed anyway";
}

}  // namespace
}  // namespace atrium::testing::accounts

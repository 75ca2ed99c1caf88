// The accounts plugin with Aizy's contract (shared/contracts.md §5): role-scoped accounts, where
// one e-mail holds a customer and a seller account with their own passwords; bans with a reason
// and a length; the profile picture as a base64 string. On SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include "tests/integration/accounts_test_support.hpp"

namespace atrium::testing::accounts {
namespace {

class AizyAccountsTest : public host::db::testing::BothBackendsTest {
 protected:
  std::unique_ptr<TestServer> start() {
    return startAccounts(
        "accounts_aizy.yaml", serverDatabaseUrl(GetParam(), url_text_, dir_.path()),
        {{"ATRIUM_ADMIN_EMAIL", "admin@aizy.test"}, {"ATRIUM_ADMIN_PASSWORD", "admin-password"}});
  }
  static Response registerAs(TestServer& server, const std::string& role,
                             const std::string& password, const std::string& email) {
    return server.client().postJson(
        "/auth/register",
        {{"name", "Kareem " + role}, {"email", email}, {"password", password}, {"role", role}});
  }
  static Response loginAs(TestServer& server, const std::string& role, const std::string& password,
                          const std::string& email) {
    return server.client().postJson("/auth/login",
                                    {{"email", email}, {"password", password}, {"role", role}});
  }
};
INSTANTIATE_TEST_SUITE_P(Backends, AizyAccountsTest, host::db::testing::kBothBackends,
                         host::db::testing::testBackendName);

TEST_P(AizyAccountsTest, OneEmailHoldsACustomerAndASellerAccount) {
  auto server = start();
  auto customer = registerAs(*server, "customer", "customer-pw", "k@aizy.test");
  ASSERT_EQ(customer.status, 201) << customer.body;
  EXPECT_EQ(customer.json()["message"], "User created successfully");
  EXPECT_EQ(customer.json()["data"]["role"], "customer");
  EXPECT_EQ(customer.json()["data"].size(), 5u) << customer.body;
  auto seller = registerAs(*server, "seller", "seller-password", "k@aizy.test");
  ASSERT_EQ(seller.status, 201) << seller.body;
  EXPECT_NE(seller.json()["data"]["id"], customer.json()["data"]["id"]);

  auto duplicate = registerAs(*server, "seller", "another-pw", "K@aizy.test");
  EXPECT_EQ(duplicate.status, 400);
  EXPECT_EQ(duplicate.json(), (Json{{"success", false},
                                    {"message", "User with this email and role already exists"}}));
  auto admin_role = registerAs(*server, "admin", "admin-pw-123", "evil@aizy.test");
  EXPECT_EQ(admin_role.status, 400) << "the body may not pick the admin role";
  EXPECT_EQ(admin_role.json()["message"], "Invalid role");

  // Each account has its own password; the role picks the account.
  auto as_seller = loginAs(*server, "seller", "seller-password", "k@aizy.test");
  ASSERT_EQ(as_seller.status, 200) << as_seller.body;
  EXPECT_EQ(as_seller.json()["message"], "Login successful");
  EXPECT_EQ(as_seller.json()["data"]["role"], "seller");
  EXPECT_EQ(as_seller.json()["data"]["id"], seller.json()["data"]["id"]);
  EXPECT_EQ(loginAs(*server, "customer", "seller-password", "k@aizy.test").status, 401);
  auto as_customer = loginAs(*server, "customer", "customer-pw", "k@aizy.test");
  ASSERT_EQ(as_customer.status, 200);
  EXPECT_EQ(as_customer.json()["data"]["role"], "customer");
  const auto profile = server->client().get(
      "/auth/profile", bearer(as_seller.json()["accessToken"].get<std::string>()));
  ASSERT_EQ(profile.status, 200);
  EXPECT_EQ(profile.json()["data"]["role"], "seller");
  EXPECT_EQ(server->client().get("/auth/profile").json(),
            (Json{{"success", false}, {"message", "Unauthorized: No token provided"}}));
}

TEST_P(AizyAccountsTest, ProfilePictureIsStoredAndBounded) {
  auto server = start();
  ASSERT_EQ(registerAs(*server, "customer", "customer-pw", "pic@aizy.test").status, 201);
  const std::string token =
      loginAs(*server, "customer", "customer-pw", "pic@aizy.test").json()["accessToken"];
  auto client = server->client();
  const std::string picture = "data:image/png;base64," + std::string(100000, 'A');
  auto res = client.postJson("/auth/update-profile", {{"profilePicture", picture}}, bearer(token));
  ASSERT_EQ(res.status, 200) << res.body.substr(0, 300);
  EXPECT_EQ(res.json()["data"]["profilePicture"], picture);
  EXPECT_EQ(client.get("/auth/profile", bearer(token)).json()["data"]["profilePicture"], picture);
  res = client.postJson("/auth/update-profile", {{"profilePicture", 5}}, bearer(token));
  EXPECT_EQ(res.status, 200) << "numbers are accepted as profile values";
  res = client.postJson("/auth/update-profile", {{"profilePicture", {{"nested", true}}}},
                        bearer(token));
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(res.json()["message"], "profilePicture must be a string, a number or a boolean");
}

TEST_P(AizyAccountsTest, BannedSellerIsRefusedUntilUnbannedAndTheCustomerIsNot) {
  auto server = start();
  ASSERT_EQ(registerAs(*server, "customer", "customer-pw", "b@aizy.test").status, 201);
  const Json seller = registerAs(*server, "seller", "seller-password", "b@aizy.test").json();
  auto client = server->client();
  // The seeded admin lives in the admin scope: it logs in where roles.by_route says so.
  EXPECT_EQ(
      client.postJson("/auth/login", {{"email", "admin@aizy.test"}, {"password", "admin-password"}})
          .status,
      401);
  const auto admin = client.postJson(
      "/auth/admin/login", {{"email", "admin@aizy.test"}, {"password", "admin-password"}});
  ASSERT_EQ(admin.status, 200) << admin.body;
  EXPECT_EQ(admin.json()["data"]["role"], "admin");
  const Headers as_admin = bearer(admin.json()["accessToken"].get<std::string>());
  const std::string seller_id = seller["data"]["id"];

  const std::string customer_token =
      loginAs(*server, "customer", "customer-pw", "b@aizy.test").json()["accessToken"];
  auto res = client.postJson("/auth/ban-user", {{"userId", seller_id}}, bearer(customer_token));
  EXPECT_EQ(res.status, 403);
  EXPECT_EQ(res.json(), (Json{{"success", false}, {"message", "Forbidden: admin only"}}));

  res = client.postJson(
      "/auth/ban-user",
      {{"userId", seller_id}, {"reason", "Counterfeit goods"}, {"banDuration", 3}}, as_admin);
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.json()["message"], "User banned successfully");
  EXPECT_EQ(res.json()["data"]["id"], seller_id);
  res = client.postJson("/auth/ban-user", {{"userId", seller_id}}, as_admin);
  EXPECT_EQ(res.json(), (Json{{"success", false}, {"message", "User is already banned"}}));
  EXPECT_EQ(client.postJson("/auth/ban-user", Json::object(), as_admin).status, 400);

  res = loginAs(*server, "seller", "seller-password", "b@aizy.test");
  EXPECT_EQ(res.status, 403);
  EXPECT_EQ(res.json()["message"].get<std::string>().rfind(
                "User is banned (Counterfeit goods; until ", 0),
            0u)
      << res.body;
  EXPECT_EQ(loginAs(*server, "customer", "customer-pw", "b@aizy.test").status, 200)
      << "the customer account of the same e-mail is not banned";

  res = client.postJson("/auth/unban-user", {{"userId", seller_id}}, as_admin);
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(client.postJson("/auth/unban-user", {{"userId", seller_id}}, as_admin).json(),
            (Json{{"success", false}, {"message", "This user is not banned"}}));
  EXPECT_EQ(loginAs(*server, "seller", "seller-password", "b@aizy.test").status, 200);
  const auto users = client.get("/auth/users", as_admin);
  ASSERT_EQ(users.status, 200);
  EXPECT_EQ(users.json()["data"].size(), 3u);
}

}  // namespace
}  // namespace atrium::testing::accounts

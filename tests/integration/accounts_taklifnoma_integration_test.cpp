// The accounts plugin serving Taklifnoma's exact auth contract (shared/contracts.md §1): the
// {success, data} envelope, auth fields at the top level, Uzbek messages, login by identifier,
// e-mail verification by a mailed code; on SQLite and PostgreSQL, over real HTTP.
#include <gtest/gtest.h>

#include "tests/integration/accounts_test_support.hpp"

namespace atrium::testing::accounts {
namespace {

using host::db::Backend;

constexpr const char* kYaml = "accounts_taklifnoma.yaml";
constexpr const char* kPassword = "maxfiy-parol-1";

class TaklifnomaAccountsTest : public host::db::testing::BothBackendsTest {
 protected:
  std::unique_ptr<TestServer> start(std::map<std::string, std::string> env = {}) {
    return startAccounts(kYaml, serverDatabaseUrl(GetParam(), url_text_, dir_.path()),
                         std::move(env));
  }

  static Json registration(const std::string& email, const std::string& phone) {
    return {
        {"fullName", "Ali Valiyev"}, {"email", email}, {"phone", phone}, {"password", kPassword}};
  }

  // Registers and verifies an account; returns the verify answer (a session).
  static Json verifiedAccount(TestServer& server, const std::string& email,
                              const std::string& phone) {
    auto client = server.client();
    const auto reg = client.postJson("/api/auth/register", registration(email, phone));
    EXPECT_EQ(reg.status, 201) << reg.body;
    const std::string code = codeSentTo(server, "mail", email);
    EXPECT_EQ(code.size(), 6u);
    const auto verified = client.postJson("/api/auth/verify", {{"email", email}, {"code", code}});
    EXPECT_EQ(verified.status, 200) << verified.body;
    return verified.json();
  }

  static Json login(TestServer& server, const std::string& identifier,
                    const std::string& password = kPassword, int status = 200) {
    const auto res = server.client().postJson("/api/auth/login",
                                              {{"identifier", identifier}, {"password", password}});
    EXPECT_EQ(res.status, status) << res.body;
    return res.json();
  }
};
INSTANTIATE_TEST_SUITE_P(Backends, TaklifnomaAccountsTest, host::db::testing::kBothBackends,
                         host::db::testing::testBackendName);

TEST_P(TaklifnomaAccountsTest, RegisterVerifyAndLoginFollowTheContract) {
  auto server = start();
  auto client = server->client();
  const auto reg =
      client.postJson("/api/auth/register", registration("Ali@Example.com", "+998901234567"));
  ASSERT_EQ(reg.status, 201) << reg.body;
  const Json data = reg.json()["data"];
  EXPECT_EQ(reg.json()["success"], true);
  EXPECT_EQ(data["fullName"], "Ali Valiyev");
  EXPECT_EQ(data["email"], "ali@example.com");
  EXPECT_EQ(data["requireVerification"], true);
  EXPECT_EQ(data["id"].get<std::string>().size(), 32u);
  EXPECT_EQ(reg.json().size(), 2u) << "no tokens before verification";

  // Login before verification: 401 with the Uzbek message (the contract @ed58b3b).
  const Json refused = login(*server, "ali@example.com", kPassword, 401);
  EXPECT_EQ(refused,
            (Json{{"success", false}, {"message", "Iltimos, avval emailingizni tasdiqlang"}}));

  // The code arrives in Uzbek, rendered by scripts/taklifnoma/messages/verify_email.lua.
  const auto mail = lastMessage(*server, "mail", "ali@example.com");
  ASSERT_TRUE(mail.has_value());
  EXPECT_EQ((*mail)["subject"], "Taklifnoma: email manzilingizni tasdiqlang");
  EXPECT_NE((*mail)["text"].get<std::string>().find("Tasdiqlash kodingiz:"), std::string::npos);
  const std::string code = codeSentTo(*server, "mail", "ali@example.com");
  ASSERT_EQ(code.size(), 6u);

  const auto wrong = client.postJson(
      "/api/auth/verify",
      {{"email", "ali@example.com"}, {"code", code == "000000" ? "111111" : "000000"}});
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(wrong.json(), (Json{{"success", false}, {"message", "Kod noto'g'ri"}}));

  const auto verified =
      client.postJson("/api/auth/verify", {{"email", "ali@example.com"}, {"code", code}});
  ASSERT_EQ(verified.status, 200) << verified.body;
  const Json v = verified.json();
  EXPECT_EQ(v["success"], true);
  EXPECT_EQ(v["user"],
            (Json{{"id", data["id"]}, {"fullName", "Ali Valiyev"}, {"email", "ali@example.com"}}));
  EXPECT_TRUE(v["accessToken"].is_string());
  EXPECT_EQ(v["refreshToken"].get<std::string>().size(), 43u);
  const auto again =
      client.postJson("/api/auth/verify", {{"email", "ali@example.com"}, {"code", code}});
  EXPECT_EQ(again.status, 400);
  EXPECT_EQ(again.json()["message"], "Email allaqachon tasdiqlangan");

  // Login by identifier: the e-mail (any case) or the phone.
  for (const std::string identifier : {"ALI@example.com", "+998901234567", "998901234567"}) {
    const Json session = login(*server, identifier);
    EXPECT_EQ(session["success"], true);
    EXPECT_EQ(session["user"]["id"], data["id"]);
    EXPECT_EQ(session["user"]["isVerified"], true);
    EXPECT_EQ(session["user"]["phone"], "+998901234567");
    EXPECT_EQ(session["user"]["role"], "USER");
    EXPECT_FALSE(session["user"].contains("password"));
    EXPECT_EQ(session.size(), 4u) << session;
    const auto me = client.get("/api/user/profile", bearer(session["accessToken"]));
    ASSERT_EQ(me.status, 200) << me.body;
    EXPECT_EQ(me.json()["data"], session["user"]);
  }
}

TEST_P(TaklifnomaAccountsTest, RegisterRefusesBadInputWithUzbekMessages) {
  auto server = start();
  auto client = server->client();
  const auto post = [&](const Json& body) { return client.postJson("/api/auth/register", body); };
  Json body = registration("vali@example.com", "+998907654321");

  Json missing = body;
  missing.erase("phone");
  auto res = post(missing);
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(res.json(), (Json{{"success", false}, {"message", "phone is required"}}));

  Json bad_email = body;
  bad_email["email"] = "not-an-email";
  EXPECT_EQ(post(bad_email).json()["message"], "email must be a valid email address");
  Json bad_phone = body;
  bad_phone["phone"] = "90 123 45 67";
  EXPECT_EQ(post(bad_phone).status, 400);
  Json short_password = body;
  short_password["password"] = "short";
  res = post(short_password);
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(res.json()["message"], "Parol kamida 8 ta belgidan iborat bo'lishi kerak");
  Json wrong_type = body;
  wrong_type["fullName"] = 42;
  EXPECT_EQ(post(wrong_type).json()["message"], "fullName must be a string");
  res = client.post("/api/auth/register", "{not json", "application/json");
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(res.json()["success"], false);
  EXPECT_EQ(client.post("/api/auth/register", "[1,2]", "application/json").status, 400);

  ASSERT_EQ(post(body).status, 201);
  Json same_email = registration("VALI@example.com", "+998900000001");
  res = post(same_email);
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(res.json()["message"], "Bu email bilan foydalanuvchi allaqachon mavjud");
  res = post(registration("other@example.com", "+998907654321"));
  EXPECT_EQ(res.json()["message"], "Bu telefon raqami bilan foydalanuvchi allaqachon mavjud");
  // Nothing half-written: one account, one verification mail.
  ASSERT_TRUE(lastMessage(*server, "mail", "vali@example.com").has_value());
  EXPECT_EQ(messageCount(*server, "mail", "vali@example.com"), 1u);
  EXPECT_EQ(messageCount(*server, "mail", "other@example.com"), 0u);
}

TEST_P(TaklifnomaAccountsTest, LoginRefusesWrongPasswordsAndUnknownAccountsAlike) {
  auto server = start();
  verifiedAccount(*server, "sardor@example.com", "+998901110000");
  const Json expected = {{"success", false}, {"message", "Email/telefon yoki parol noto'g'ri"}};
  EXPECT_EQ(login(*server, "sardor@example.com", "wrong-password", 401), expected);
  EXPECT_EQ(login(*server, "nobody@example.com", kPassword, 401), expected);
  EXPECT_EQ(login(*server, "not an identifier", kPassword, 401), expected);
  const auto missing = server->client().postJson("/api/auth/login", {{"identifier", "x@y.uz"}});
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.json()["message"], "password is required");
}

TEST_P(TaklifnomaAccountsTest, RefreshRotatesAndLogoutRevokes) {
  auto server = start();
  const Json session = verifiedAccount(*server, "jasur@example.com", "+998901112233");
  auto client = server->client();
  const std::string first = session["refreshToken"];
  const auto rotated = client.postJson("/api/auth/refresh", {{"refreshToken", first}});
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  EXPECT_EQ(rotated.json()["success"], true);
  const std::string second = rotated.json()["refreshToken"];
  EXPECT_NE(second, first);
  EXPECT_EQ(client.get("/api/user/profile", bearer(rotated.json()["accessToken"])).status, 200);

  const auto unknown = client.postJson("/api/auth/refresh", {{"refreshToken", "nope"}});
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(unknown.json(), (Json{{"success", false}, {"message", "Refresh token yaroqsiz"}}));
  EXPECT_EQ(client.postJson("/api/auth/refresh", Json::object()).status, 400);

  const auto out = client.postJson("/api/auth/logout", {{"refreshToken", second}});
  ASSERT_EQ(out.status, 200) << out.body;
  EXPECT_EQ(out.json(), (Json{{"success", true}, {"message", "Tizimdan chiqdingiz"}}));
  EXPECT_EQ(client.postJson("/api/auth/refresh", {{"refreshToken", second}}).status, 401);
  // Another login is another session: still valid.
  const Json other = login(*server, "jasur@example.com");
  EXPECT_EQ(client.postJson("/api/auth/refresh", {{"refreshToken", other["refreshToken"]}}).status,
            200);
}

TEST_P(TaklifnomaAccountsTest, ProfileUpdateAndChangePassword) {
  auto server = start();
  verifiedAccount(*server, "malika@example.com", "+998909998877");
  verifiedAccount(*server, "taken@example.com", "+998909998800");
  const Json session = login(*server, "malika@example.com");
  const Headers auth = bearer(session["accessToken"]);
  auto client = server->client();

  auto res = client.request("PUT", "/api/user/profile", auth,
                            Json{{"fullName", "Malika Karimova"}, {"role", "ADMIN"}}.dump());
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.json()["data"]["fullName"], "Malika Karimova");
  EXPECT_EQ(res.json()["data"]["role"], "USER") << "the role is not editable";
  res =
      client.request("PUT", "/api/user/profile", auth, Json{{"email", "taken@example.com"}}.dump());
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(res.json()["message"], "Bu email bilan foydalanuvchi allaqachon mavjud");
  EXPECT_EQ(client.request("PUT", "/api/user/profile", {}, "{}").status, 401);

  const auto change = [&](const Json& body) {
    return client.request("PUT", "/api/user/password", auth, body.dump());
  };
  res = change({{"currentPassword", "wrong-one"}, {"newPassword", "yangi-parol-2"}});
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(res.json()["message"], "Joriy parol noto'g'ri");
  EXPECT_EQ(change({{"currentPassword", kPassword}}).status, 400);
  res = change({{"currentPassword", kPassword}, {"newPassword", "yangi-parol-2"}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.json()["message"], "Parol muvaffaqiyatli o'zgartirildi");
  login(*server, "malika@example.com", kPassword, 401);
  login(*server, "malika@example.com", "yangi-parol-2");
  // The sessions from before the change are revoked.
  EXPECT_EQ(
      client.postJson("/api/auth/refresh", {{"refreshToken", session["refreshToken"]}}).status,
      401);
}

TEST_P(TaklifnomaAccountsTest, ForgotAndResetPasswordByCode) {
  auto server = start();
  verifiedAccount(*server, "dilnoza@example.com", "+998901231231");
  const Json old_session = login(*server, "dilnoza@example.com");
  auto client = server->client();
  const Json sent = {{"success", true}, {"message", "Parolni tiklash kodi emailingizga yuborildi"}};
  // Enumeration-safe: an unknown address gets the same answer and no mail.
  auto res = client.postJson("/api/auth/forgot-password", {{"email", "ghost@example.com"}});
  ASSERT_EQ(res.status, 200);
  EXPECT_EQ(res.json(), sent);
  res = client.postJson("/api/auth/forgot-password", {{"email", "dilnoza@example.com"}});
  ASSERT_EQ(res.status, 200);
  EXPECT_EQ(res.json(), sent);
  const auto mail = lastMessage(*server, "mail", "dilnoza@example.com", 2);
  ASSERT_TRUE(mail.has_value());
  EXPECT_EQ((*mail)["subject"], "Taklifnoma: parolni tiklash");
  const std::string code = codeSentTo(*server, "mail", "dilnoza@example.com", 2);
  ASSERT_EQ(code.size(), 6u);
  const std::string wrong = code == "000000" ? "111111" : "000000";

  EXPECT_EQ(client
                .postJson("/api/auth/verify-reset-code",
                          {{"email", "dilnoza@example.com"}, {"code", code}})
                .json()["message"],
            "Kod to'g'ri");
  res = client.postJson(
      "/api/auth/reset-password",
      {{"email", "dilnoza@example.com"}, {"code", wrong}, {"newPassword", "tiklangan-parol"}});
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(res.json()["message"], "Kod noto'g'ri");
  res =
      client.postJson("/api/auth/reset-password",
                      {{"email", "dilnoza@example.com"}, {"code", code}, {"newPassword", "short"}});
  EXPECT_EQ(res.status, 400);
  res = client.postJson(
      "/api/auth/reset-password",
      {{"email", "dilnoza@example.com"}, {"code", code}, {"newPassword", "tiklangan-parol"}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.json()["message"], "Parol muvaffaqiyatli yangilandi");
  login(*server, "dilnoza@example.com", "tiklangan-parol");
  login(*server, "dilnoza@example.com", kPassword, 401);
  // The code is used up, and the sessions from before the reset are revoked.
  EXPECT_EQ(client
                .postJson("/api/auth/reset-password", {{"email", "dilnoza@example.com"},
                                                       {"code", code},
                                                       {"newPassword", "uchinchi-parol"}})
                .status,
            400);
  EXPECT_EQ(
      client.postJson("/api/auth/refresh", {{"refreshToken", old_session["refreshToken"]}}).status,
      401);
}

TEST_P(TaklifnomaAccountsTest, SeededAdministratorBansAndUnbans) {
  auto server = start({{"ATRIUM_ADMIN_EMAIL", "admin@taklifnoma.uz"},
                       {"ATRIUM_ADMIN_PASSWORD", "admin-parol-123"}});
  ASSERT_TRUE(
      server->waitForLog("seeded the administrator account from ATRIUM_ADMIN_EMAIL (role ADMIN)"));
  const Json admin = login(*server, "admin@taklifnoma.uz", "admin-parol-123");
  EXPECT_EQ(admin["user"]["role"], "ADMIN");
  const Json user = verifiedAccount(*server, "bobur@example.com", "+998905554433");
  const std::string user_id = user["user"]["id"];
  auto client = server->client();
  const Headers as_admin = bearer(admin["accessToken"]);

  // A plain user may not ban: the host's role check answers in Taklifnoma's shape.
  auto res =
      client.postJson("/api/admin/users/ban", {{"userId", user_id}}, bearer(user["accessToken"]));
  EXPECT_EQ(res.status, 403);
  EXPECT_EQ(res.json(), (Json{{"message", "Ruxsat berilmagan"}}));

  res = client.postJson("/api/admin/users/ban",
                        {{"userId", user_id}, {"reason", "Spam"}, {"banDuration", 7}}, as_admin);
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.json()["message"], "Foydalanuvchi bloklandi");
  EXPECT_EQ(client.postJson("/api/admin/users/ban", {{"userId", user_id}}, as_admin).status, 400);
  EXPECT_EQ(
      client.postJson("/api/admin/users/ban", {{"userId", admin["user"]["id"]}}, as_admin).status,
      403);
  EXPECT_EQ(client.postJson("/api/admin/users/ban", {{"userId", "nope"}}, as_admin).status, 404);
  EXPECT_EQ(
      client.postJson("/api/admin/users/ban", {{"userId", user_id}, {"banDuration", -1}}, as_admin)
          .status,
      400);

  // Banned: refused at login, at refresh, and at /profile with a still-valid access token.
  const Json refused = login(*server, "bobur@example.com", kPassword, 403);
  EXPECT_EQ(refused["message"].get<std::string>().rfind("Hisobingiz bloklangan (Spam; until ", 0),
            0u)
      << refused;
  EXPECT_EQ(client.postJson("/api/auth/refresh", {{"refreshToken", user["refreshToken"]}}).status,
            401);
  EXPECT_EQ(client.get("/api/user/profile", bearer(user["accessToken"])).status, 403);
  const auto banned = client.get("/api/admin/users", as_admin);
  ASSERT_EQ(banned.status, 200) << banned.body;
  EXPECT_EQ(banned.json()["data"].size(), 2u);

  res = client.postJson("/api/admin/users/unban", {{"userId", user_id}}, as_admin);
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(client.postJson("/api/admin/users/unban", {{"userId", user_id}}, as_admin).json(),
            (Json{{"success", false}, {"message", "Foydalanuvchi bloklanmagan"}}));
  login(*server, "bobur@example.com");
}

TEST_P(TaklifnomaAccountsTest, AdministratorIsSeededOnlyOnce) {
  std::map<std::string, std::string> env = {{"ATRIUM_ADMIN_EMAIL", "admin@taklifnoma.uz"},
                                            {"ATRIUM_ADMIN_PASSWORD", "short"}};
  EXPECT_THROW(start(env), TestServerError) << "a password under the policy refuses to start";
  env["ATRIUM_ADMIN_PASSWORD"] = "admin-parol-123";
  { auto first = start(env); }
  env["ATRIUM_ADMIN_EMAIL"] = "second-admin@taklifnoma.uz";
  auto second = start(env);
  ASSERT_TRUE(second->waitForLog("an administrator exists; ATRIUM_ADMIN_EMAIL is not used"));
  login(*second, "second-admin@taklifnoma.uz", "admin-parol-123", 401);
}

TEST_P(TaklifnomaAccountsTest, PhoneLoginBySmsCode) {
  auto server = start();
  auto client = server->client();
  auto res = client.postJson("/api/auth/send-code", {{"phoneNumber", "12"}});
  EXPECT_EQ(res.status, 400);
  res = client.postJson("/api/auth/send-code", {{"phoneNumber", "+998931234567"}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.json(), (Json{{"success", true}, {"message", "Tasdiqlash kodi yuborildi"}}));
  // Within the cooldown no second SMS goes out.
  res = client.postJson("/api/auth/send-code", {{"phoneNumber", "+998931234567"}});
  EXPECT_EQ(res.status, 429);
  const auto sms = lastMessage(*server, "sms", "+998931234567");
  ASSERT_TRUE(sms.has_value());
  EXPECT_NE((*sms)["body"].get<std::string>().find("kirish kodingiz"), std::string::npos);
  const std::string code = codeSentTo(*server, "sms", "+998931234567");
  ASSERT_EQ(code.size(), 6u);
  EXPECT_EQ(
      client
          .postJson("/api/auth/verify-code", {{"phoneNumber", "+998931234567"}, {"code", "12345"}})
          .status,
      400);
  res =
      client.postJson("/api/auth/verify-code", {{"phoneNumber", "+998931234567"}, {"code", code}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.json()["user"]["phone"], "+998931234567");
  EXPECT_EQ(client.get("/api/user/profile", bearer(res.json()["accessToken"])).status, 200);
  // The code is used up.
  EXPECT_EQ(
      client.postJson("/api/auth/verify-code", {{"phoneNumber", "+998931234567"}, {"code", code}})
          .status,
      400);
}

}  // namespace
}  // namespace atrium::testing::accounts

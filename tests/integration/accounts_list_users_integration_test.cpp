// accounts.list_users over real HTTP with Taklifnoma's contract (shared/contracts.md §1,
// GET /api/admin/users → {success, data: [{id, fullName, email, phone, role, createdAt}]}):
// paging, search, filters, bad input, and no password hash in any answer; on SQLite and
// PostgreSQL. Accounts are written straight into accounts_users (fast, exact created_at).
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "tests/integration/accounts_test_support.hpp"

namespace atrium::testing::accounts {
namespace {

using host::db::Backend;

constexpr const char* kYaml = "accounts_taklifnoma.yaml";
constexpr const char* kHashMarker = "$argon2id$v=19$m=65536,t=3,p=1$SECRETHASH";

class ListUsersTest : public host::db::testing::BothBackendsTest {
 protected:
  void SetUp() override {
    BothBackendsTest::SetUp();
    if (GetParam() == Backend::kSqlite) url_text_ = "sqlite://" + (dir_.path() / "l.db").string();
    server_ = startAccounts(kYaml, url_text_,
                            {{"ATRIUM_ADMIN_EMAIL", "admin@taklifnoma.uz"},
                             {"ATRIUM_ADMIN_PASSWORD", "admin-parol-123"}});
    const auto login = server_->client().postJson(
        "/api/auth/login",
        {{"identifier", "admin@taklifnoma.uz"}, {"password", "admin-parol-123"}});
    ASSERT_EQ(login.status, 200) << login.body;
    admin_ = bearer(login.json()["accessToken"]);
    // Seven accounts created in 2023, u7 the newest; the seeded administrator (created now) is
    // newer than all of them.
    insert("u1", "ali@example.com", "+998901234567", "Ali Valiyev", 1700000001);
    insert("u2", "vali@example.com", "+998907654321", "Vali Aliyev", 1700000002);
    insert("u3", "a_b@example.com", "+998911111111", "Bobur Karimov", 1700000003);
    insert("u4", "dilnoza@example.com", nullptr, "Dilnoza Rahimova", 1700000004);
    insert("u5", nullptr, "+998933333333", "Шахзода Юсупова", 1700000005);
    insert("u6", "banned@example.com", "+998944444444", "Jasur Toshev", 1700000006);
    insert("u7", "percent%@example.com", "+998955555555", "Kamola Nur", 1700000007);
    exec("UPDATE accounts_users SET banned_at = 1700000100, ban_reason = 'Spam' WHERE id = 'u6'");
  }

  void exec(const std::string& sql) {
    if (pool_ == nullptr) pool_ = &makePool();
    host::db::Lease lease = pool_->acquire();
    *lease << sql;
  }

  void insert(const std::string& id, const char* email, const char* phone, const std::string& name,
              int64_t created_at) {
    const auto text = [](const char* v) { return v ? "'" + std::string(v) + "'" : "NULL"; };
    exec(
        "INSERT INTO accounts_users (id, email, phone, role, password_hash, name, created_at, "
        "updated_at) VALUES ('" +
        id + "', " + text(email) + ", " + text(phone) + ", 'USER', '" + kHashMarker + "', '" +
        name + "', " + std::to_string(created_at) + ", " + std::to_string(created_at) + ")");
  }

  // The ids listed by GET /api/admin/users<query>, checking the envelope and the entry shape.
  std::vector<std::string> ids(const std::string& query) {
    const auto res = server_->client().get("/api/admin/users" + query, admin_);
    EXPECT_EQ(res.status, 200) << query << ": " << res.body;
    EXPECT_EQ(res.body.find("SECRETHASH"), std::string::npos) << "a hash leaked: " << res.body;
    EXPECT_EQ(res.body.find("$argon2"), std::string::npos) << res.body;
    const Json body = res.json();
    EXPECT_EQ(body.size(), 2u) << body;
    EXPECT_EQ(body.value("success", false), true);
    std::vector<std::string> out;
    for (const Json& user : body.value("data", Json::array())) out.push_back(user["id"]);
    return out;
  }

  Json badRequest(const std::string& query) {
    const auto res = server_->client().get("/api/admin/users" + query, admin_);
    EXPECT_EQ(res.status, 400) << query << ": " << res.body;
    return res.json();
  }

  std::unique_ptr<TestServer> server_;
  Headers admin_;
  host::db::ConnectionPool* pool_ = nullptr;
};
INSTANTIATE_TEST_SUITE_P(Backends, ListUsersTest, host::db::testing::kBothBackends,
                         host::db::testing::testBackendName);

TEST_P(ListUsersTest, EntriesHaveExactlyTheContractsMembers) {
  const auto res = server_->client().get("/api/admin/users?limit=2&offset=6", admin_);
  ASSERT_EQ(res.status, 200) << res.body;
  const Json data = res.json()["data"];
  ASSERT_EQ(data.size(), 2u);
  EXPECT_EQ(data[1], (Json{{"id", "u1"},
                           {"fullName", "Ali Valiyev"},
                           {"email", "ali@example.com"},
                           {"phone", "+998901234567"},
                           {"role", "USER"},
                           {"createdAt", "2023-11-14T22:13:21Z"}}));
  const Json admin = server_->client().get("/api/admin/users?role=ADMIN", admin_).json()["data"];
  ASSERT_EQ(admin.size(), 1u);
  EXPECT_EQ(admin[0]["email"], "admin@taklifnoma.uz");
  std::set<std::string> members;
  for (const auto& [key, value] : admin[0].items()) members.insert(key);
  EXPECT_EQ(members,
            (std::set<std::string>{"id", "fullName", "email", "phone", "role", "createdAt"}));
  // A field the account lacks is null: every entry has the same members.
  const auto u4 = server_->client().get("/api/admin/users?q=dilnoza", admin_).json()["data"];
  ASSERT_EQ(u4.size(), 1u);
  EXPECT_TRUE(u4[0].contains("phone") && u4[0]["phone"].is_null()) << u4;
}

TEST_P(ListUsersTest, PagesWithLimitAndOffsetNewestFirst) {
  const std::vector<std::string> all = ids("");
  ASSERT_EQ(all.size(), 8u) << "the default limit (50) holds everyone";
  EXPECT_EQ(std::vector<std::string>(all.begin() + 1, all.end()),
            (std::vector<std::string>{"u7", "u6", "u5", "u4", "u3", "u2", "u1"}))
      << "newest first; the administrator (created now) leads";
  std::vector<std::string> paged;
  for (int offset = 0; offset < 9; offset += 3) {
    const auto page = ids("?limit=3&offset=" + std::to_string(offset));
    EXPECT_EQ(page.size(), offset == 6 ? 2u : 3u);
    paged.insert(paged.end(), page.begin(), page.end());
  }
  EXPECT_EQ(paged, all);
  EXPECT_TRUE(ids("?offset=8").empty());
  EXPECT_EQ(ids("?limit=500").size(), 8u);
}

TEST_P(ListUsersTest, PagingPlaceholdersTellWhetherAnotherPageFollows) {
  // A product whose template shows the paging (Taklifnoma's shows only the entries): a second
  // server on the same database with that template.
  std::string yaml = readFile(sourceDir() / "tests" / "integration" / kYaml);
  const std::string list = R"(list_users: {success: true, data: "{{users}}"})";
  ASSERT_NE(yaml.find(list), std::string::npos);
  yaml.replace(yaml.find(list), list.size(),
               R"(list_users: {data: "{{users}}", limit: "{{limit}}", offset: "{{offset}}", )"
               R"(next: "{{next_offset}}"})");
  TestServerOptions options;
  options.env["ACCOUNTS_TEST_JWT_SECRET"] = kJwtSecret;
  options.env["ATRIUM_DATABASE_URL"] = url_text_;
  TestServer paged(yaml, options);
  auto client = paged.client();
  const auto page = [&](const std::string& query) {
    const auto res = client.get("/api/admin/users" + query, admin_);
    EXPECT_EQ(res.status, 200) << res.body;
    Json body = res.json();
    body["data"] = body["data"].size();
    return body;
  };
  EXPECT_EQ(page("?limit=3"), (Json{{"data", 3}, {"limit", 3}, {"offset", 0}, {"next", 3}}));
  EXPECT_EQ(page("?limit=3&offset=3"),
            (Json{{"data", 3}, {"limit", 3}, {"offset", 3}, {"next", 6}}));
  EXPECT_EQ(page("?limit=3&offset=6"), (Json{{"data", 2}, {"limit", 3}, {"offset", 6}}))
      << "the last page has no next";
  EXPECT_EQ(page("?limit=4&offset=4"), (Json{{"data", 4}, {"limit", 4}, {"offset", 4}}))
      << "a full last page has no next either";
  EXPECT_EQ(page(""), (Json{{"data", 8}, {"limit", 50}, {"offset", 0}}));
}

TEST_P(ListUsersTest, SearchesEmailPhoneAndNamesWithLiteralWildcards) {
  EXPECT_EQ(ids("?q=VALI"), (std::vector<std::string>{"u2", "u1"}))
      << "names and e-mails, any case";
  EXPECT_EQ(ids("?q=90765"), (std::vector<std::string>{"u2"})) << "phone digits";
  EXPECT_EQ(ids("?q=%2B99893"), (std::vector<std::string>{"u5"})) << "+ in a phone";
  EXPECT_EQ(ids("?q=%D0%A8%D0%B0%D1%85"), (std::vector<std::string>{"u5"})) << "Шах";
  EXPECT_EQ(ids("?q=_"), (std::vector<std::string>{"u3"})) << "_ is a literal, not any character";
  EXPECT_EQ(ids("?q=%25"), (std::vector<std::string>{"u7"})) << "% is a literal too";
  EXPECT_TRUE(ids("?q=nobody").empty());
  EXPECT_TRUE(ids("?q=%27%20OR%20%271%27%3D%271").empty()) << "' OR '1'='1 is just text";
  EXPECT_EQ(ids("?q=&limit=2").size(), 2u) << "an empty q does not filter";
}

TEST_P(ListUsersTest, FiltersByRoleAndBan) {
  const auto admins = ids("?role=ADMIN");
  ASSERT_EQ(admins.size(), 1u);
  EXPECT_EQ(ids("?role=USER").size(), 7u);
  EXPECT_TRUE(ids("?role=MODERATOR").empty());
  EXPECT_EQ(ids("?banned=true"), (std::vector<std::string>{"u6"}));
  EXPECT_EQ(ids("?banned=false").size(), 8u);
  EXPECT_EQ(ids("?banned=true&role=ADMIN").size(), 0u);
  EXPECT_EQ(ids("?q=example&role=USER&limit=2&offset=1"), (std::vector<std::string>{"u6", "u4"}));
}

TEST_P(ListUsersTest, BadParametersAre400InTheProductsEnvelope) {
  EXPECT_EQ(badRequest("?limit=0"),
            (Json{{"success", false}, {"message", "limit must be an integer from 1 to 500"}}));
  badRequest("?limit=501");
  badRequest("?limit=abc");
  badRequest("?limit=-5");
  EXPECT_EQ(badRequest("?offset=-1")["message"], "offset must be an integer from 0 to 1000000");
  badRequest("?offset=1.5");
  EXPECT_EQ(badRequest("?q=" + std::string(101, 'a'))["message"],
            "q must be at most 100 characters");
  badRequest("?q=%00");
  badRequest("?q=%FF");
  EXPECT_EQ(badRequest("?banned=yes")["message"], "banned must be true or false");
  badRequest("?role=");
  badRequest("?role=" + std::string(65, 'A'));
}

TEST_P(ListUsersTest, OnlyAdministratorsMayList) {
  auto client = server_->client();
  const auto reg = client.postJson("/api/auth/register", {{"fullName", "Oddiy Foydalanuvchi"},
                                                          {"email", "oddiy@example.com"},
                                                          {"phone", "+998977777777"},
                                                          {"password", "maxfiy-parol-1"}});
  ASSERT_EQ(reg.status, 201) << reg.body;
  const std::string code = codeSentTo(*server_, "mail", "oddiy@example.com");
  const auto verified =
      client.postJson("/api/auth/verify", {{"email", "oddiy@example.com"}, {"code", code}});
  ASSERT_EQ(verified.status, 200) << verified.body;
  const auto as_user = client.get("/api/admin/users", bearer(verified.json()["accessToken"]));
  EXPECT_EQ(as_user.status, 403);
  EXPECT_EQ(as_user.json(), (Json{{"message", "Ruxsat berilmagan"}}));
  const auto none = client.get("/api/admin/users");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.json(), (Json{{"message", "Avtorizatsiya talab qilinadi"}}));
}

}  // namespace
}  // namespace atrium::testing::accounts

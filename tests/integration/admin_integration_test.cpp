// The admin plugin over real HTTP with Taklifnoma's contract (shared/contracts.md §1,
// GET /api/admin/stats): numbers that match rows written to the real tables, the role check in
// Taklifnoma's shape, the per-process cache, and configs that must refuse to start; on SQLite
// and PostgreSQL.
#include <map>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "tests/host/db/test_database.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_server.hpp"

namespace atrium::testing {
namespace {

using host::db::Backend;
using Json = nlohmann::json;

constexpr const char* kSecret = "admin-integration-secret-0123456789-abcdef";

class AdminStatsTest : public host::db::testing::BothBackendsTest {
 protected:
  void SetUp() override {
    BothBackendsTest::SetUp();
    if (GetParam() == Backend::kSqlite) url_text_ = "sqlite://" + (dir_.path() / "a.db").string();
  }

  // The test config with `from` replaced by `to` (a bad table, a cache...).
  static std::string config(const std::string& from = "", const std::string& to = "") {
    std::string yaml = readFile(sourceDir() / "tests" / "integration" / "admin_taklifnoma.yaml");
    if (!from.empty()) {
      const size_t at = yaml.find(from);
      EXPECT_NE(at, std::string::npos) << from;
      if (at != std::string::npos) yaml.replace(at, from.size(), to);
    }
    return yaml;
  }

  std::unique_ptr<TestServer> start(const std::string& yaml = config()) {
    TestServerOptions options;
    options.env["ADMIN_TEST_JWT_SECRET"] = kSecret;
    options.env["ATRIUM_DATABASE_URL"] = url_text_;
    return std::make_unique<TestServer>(yaml, options);
  }

  // The start-up error of `yaml` (the server must refuse to start).
  std::string refusal(const std::string& yaml) {
    try {
      start(yaml);
    } catch (const TestServerError& e) {
      return e.what();
    }
    ADD_FAILURE() << "the server started";
    return "";
  }

  static Headers as(TestServer& server, const std::string& role) {
    const auto res = server.client().postJson("/issue", {{"sub", "u-" + role}, {"role", role}});
    EXPECT_EQ(res.status, 200) << res.body;
    return {{"Authorization", "Bearer " + res.json()["token"].get<std::string>()}};
  }

  void exec(const std::string& sql) {
    if (pool_ == nullptr) pool_ = &makePool();
    host::db::Lease lease = pool_->acquire();
    *lease << sql;
  }

  void insertUser(const std::string& id) {
    exec("INSERT INTO accounts_users (id, role, created_at, updated_at) VALUES ('" + id +
         "', 'USER', 1700000000, 1700000000)");
  }
  void insertWedding(const std::string& id) {
    exec(
        "INSERT INTO weddings (id, owner_id, slug, groom_name, bride_name, wedding_date, "
        "wedding_location, language, invitation_style, created_at, updated_at) VALUES ('" +
        id + "', 'owner', '" + id + "-slug', 'Aziz', 'Malika', '2026-06-12', 'Toshkent', 'uz', " +
        "'classic', 1700000000000, 1700000000000)");
  }
  void insertGift(const std::string& id, const std::string& wedding, int64_t amount_minor) {
    exec(
        "INSERT INTO wedding_gifts (id, wedding_id, guest_name, amount_minor, created_at) "
        "VALUES ('" +
        id + "', '" + wedding + "', 'Mehmon', " + std::to_string(amount_minor) +
        ", 1700000000000)");
  }
  void insertMedia(const std::string& id, const std::string& wedding) {
    exec(
        "INSERT INTO wedding_media (id, wedding_id, storage_key, file_url, type, content_type, "
        "size_bytes, created_at) VALUES ('" +
        id + "', '" + wedding + "', 'k/" + id + "', '/uploads/k/" + id +
        "', 'image', 'image/png', 100, 1700000000000)");
  }
  void insertAiUsage(const std::string& product, const std::string& outcome) {
    exec(
        "INSERT INTO atrium_ai_usage (product, provider, model, unit, prompt_units, "
        "completion_units, attempts, latency_ms, outcome, created_at) VALUES ('" +
        product + "', 'offline', 'template', 'characters', 10, 20, 1, 5, '" + outcome +
        "', '2026-11-22T10:00:00.000Z')");
  }

  Json stats(TestServer& server, int status = 200) {
    const auto res = server.client().get("/api/admin/stats", as(server, "ADMIN"));
    EXPECT_EQ(res.status, status) << res.body;
    return res.json();
  }

  host::db::ConnectionPool* pool_ = nullptr;
};
INSTANTIATE_TEST_SUITE_P(Backends, AdminStatsTest, host::db::testing::kBothBackends,
                         host::db::testing::testBackendName);

TEST_P(AdminStatsTest, AnAdministratorGetsNumbersThatMatchTheRows) {
  auto server = start();
  const auto empty = server->client().get("/api/admin/stats", as(*server, "ADMIN"));
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_EQ(empty.body,
            R"({"success":true,"data":{"totalUsers":0,"totalWeddings":0,"totalGiftsAmount":0,)"
            R"("totalGiftsCount":0,"totalMedia":0,"totalAIGenerations":0}})")
      << "the members come in config order";

  for (const char* id : {"user-1", "user-2", "user-3"}) insertUser(id);
  insertWedding("w1");
  insertWedding("w2");
  insertGift("g1", "w1", 15000050);  // 150000.50
  insertGift("g2", "w1", 20000000);  // 200000
  insertGift("g3", "w2", 25);        // 0.25
  insertMedia("m1", "w1");
  insertMedia("m2", "w2");
  insertAiUsage("taklifnoma", "ok");
  insertAiUsage("taklifnoma", "ok");
  insertAiUsage("taklifnoma", "timeout");  // failed generations are not counted
  insertAiUsage("kaya", "ok");             // another product's are not either
  const auto res = server->client().get("/api/admin/stats", as(*server, "ADMIN"));
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.body, R"({"success":true,"data":{"totalUsers":3,"totalWeddings":2,)"
                      R"("totalGiftsAmount":350000.75,"totalGiftsCount":3,"totalMedia":2,)"
                      R"("totalAIGenerations":2}})");
  EXPECT_EQ(res.header("Content-Type"), "application/json");

  // Sums are exact integers: a total of 2^53 + 1 whole units is not rounded by a double.
  insertGift("g4", "w2", 900719925474099300 - 35000075);
  EXPECT_EQ(stats(*server)["data"]["totalGiftsAmount"].dump(), "9007199254740993");
}

TEST_P(AdminStatsTest, OnlyAdministratorsMayRead) {
  auto server = start();
  auto client = server->client();
  auto res = client.get("/api/admin/stats", as(*server, "USER"));
  EXPECT_EQ(res.status, 403);
  EXPECT_EQ(res.json(), (Json{{"message", "Ruxsat berilmagan"}}));
  res = client.get("/api/admin/stats");
  EXPECT_EQ(res.status, 401);
  EXPECT_EQ(res.json(), (Json{{"message", "Avtorizatsiya talab qilinadi"}}));
  res = client.get("/api/admin/stats", {{"Authorization", "Bearer not-a-token"}});
  EXPECT_EQ(res.status, 401);
  EXPECT_EQ(res.json(), (Json{{"message", "Token yaroqsiz"}}));
}

TEST_P(AdminStatsTest, StatisticsAreCachedForTheConfiguredTime) {
  auto server = start(config("cache_ttl: 0s", "cache_ttl: 1h"));
  insertUser("user-1");
  EXPECT_EQ(stats(*server)["data"]["totalUsers"], 1);
  insertUser("user-2");
  EXPECT_EQ(stats(*server)["data"]["totalUsers"], 1) << "served from the cache";
  auto fresh = start();  // another process (cache_ttl: 0s) sees the new row
  EXPECT_EQ(stats(*fresh)["data"]["totalUsers"], 2);
}

TEST_P(AdminStatsTest, BadConfigRefusesToStart) {
  // Caught by the schema (file, line and key in the message).
  std::string error = refusal(config("table: weddings,", "table: \"weddings; DROP TABLE x\","));
  EXPECT_NE(error.find("does not match the pattern"), std::string::npos) << error;
  // A where column is a map key: checked by the plugin.
  error = refusal(config("outcome: ok}", "\"outcome = 'ok' OR 1\": ok}"));
  EXPECT_NE(error.find("stats[5].where.outcome = 'ok' OR 1: 'outcome = 'ok' OR 1' is not a "
                       "lower-case SQL identifier"),
            std::string::npos)
      << error;
  // A table or column that does not exist: found by the start-up probe.
  error = refusal(config("table: wedding_media,", "table: wedding_photos,"));
  EXPECT_NE(error.find("stats[4] (totalMedia): table 'wedding_photos' or one of its columns "
                       "cannot be read"),
            std::string::npos)
      << error;
  error = refusal(config("column: amount_minor", "column: amount"));
  EXPECT_NE(error.find("stats[2] (totalGiftsAmount): table 'wedding_gifts'"), std::string::npos)
      << error;
  error = refusal(config("op: sum, column: amount_minor,", "op: sum,"));
  EXPECT_NE(error.find("stats[2].column: a sum needs the column it adds up"), std::string::npos)
      << error;
}

// check-config has no database: the identifiers are checked, the table probe is skipped.
TEST(AdminCheckConfigTest, ChecksIdentifiersWithoutADatabase) {
  TempDir dir;
  const std::string yaml =
      readFile(sourceDir() / "tests" / "integration" / "admin_taklifnoma.yaml");
  dir.write("good.yaml", substitutePlaceholders(yaml, dir.path()));
  const std::map<std::string, std::string> env = {{"ADMIN_TEST_JWT_SECRET", kSecret}};
  auto result = runAtrium({"check-config", "--config", (dir / "good.yaml").string()}, env);
  EXPECT_EQ(result.exit_code, 0) << result.stderr_text;
  std::string bad = yaml;
  bad.replace(bad.find("outcome: ok}"), 12, "Outcome: ok}");
  dir.write("bad.yaml", substitutePlaceholders(bad, dir.path()));
  result = runAtrium({"check-config", "--config", (dir / "bad.yaml").string()}, env);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.stderr_text.find("stats[5].where.Outcome: 'Outcome' is not a lower-case SQL "
                                    "identifier"),
            std::string::npos)
      << result.stderr_text;
}

}  // namespace
}  // namespace atrium::testing

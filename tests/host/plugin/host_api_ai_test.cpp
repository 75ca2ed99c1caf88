// The ABI 1.4 AI entries of the host table: results, error kinds, the caller recorded.
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "host/db/database.hpp"
#include "host/db/script_runner.hpp"
#include "host/plugin/host_api.hpp"
#include "host/services/ai/ai_service.hpp"
#include "tests/host/db/test_database.hpp"
#include "tests/host/plugin/plugin_test_support.hpp"
#include "tests/support/captured_log.hpp"

namespace atrium::host::plugin {
namespace {

atrium_str s(std::string_view text) { return atrium_str{text.data(), text.size()}; }
std::string v(atrium_str text) { return std::string(text.ptr, text.len); }

class HostApiAiTest : public ::testing::Test {
 protected:
  HostApiAiTest() {
    service_ = std::make_unique<ai::AiService>(config::AiConfig{}, "p", nullptr, log_.sink());
    service_->provideTemplates(
        [](std::string_view, std::string_view, const nlohmann::json& vars, std::string_view) {
          return nlohmann::json{{"prompt", "Hi " + vars.value("name", std::string("?"))},
                                {"fallback", "Hello " + vars.value("name", std::string("?"))}};
        });
    plugin_.ai = service_.get();
    request_.principal_json = R"({"sub":"user-42","role":"user"})";
  }
  // Calls ai_generate and returns {kind, message, json}.
  std::tuple<atrium_ai_error_kind, std::string, nlohmann::json> call(atrium_plugin_ctx* ctx,
                                                                     std::string_view json,
                                                                     bool with_request = true) {
    atrium_ai_result* res = api_.ai_generate(ctx, with_request ? req() : nullptr, s(json));
    EXPECT_NE(res, nullptr);
    atrium_str message{};
    const atrium_ai_error_kind kind = api_.ai_result_error(res, &message);
    auto out =
        std::make_tuple(kind, v(message), nlohmann::json::parse(v(api_.ai_result_json(res))));
    api_.ai_result_free(res);
    return out;
  }
  const atrium_request* req() { return toAbi(&request_handle_); }

  atrium_host_api api_ = makeHostApi();
  atrium::testing::CapturedLog log_;
  std::unique_ptr<ai::AiService> service_;
  PluginContext plugin_{log_.sink(), "weddings"};
  PluginContext no_ai_{log_.sink(), "other"};
  http::Request request_ = test::makeRequest("POST", "/x");
  RequestHandle request_handle_{&request_, "weddings.invite"};
};

TEST_F(HostApiAiTest, TheTableHasTheAiBlock) {
  EXPECT_TRUE(ATRIUM_ABI_HAS_FIELD(&api_, atrium_host_api, ai_result_free));
  EXPECT_GE(api_.header.struct_size,
            offsetof(atrium_host_api, ai_result_free) + sizeof(api_.ai_result_free));
  EXPECT_GE(ATRIUM_ABI_MINOR, 4);
  // A plugin built against 1.2 (a table ending at the validation block) cannot see it.
  atrium_host_api old = api_;
  old.header.struct_size = static_cast<uint32_t>(
      offsetof(atrium_host_api, response_set_error_fields) + sizeof(old.response_set_error_fields));
  EXPECT_FALSE(ATRIUM_ABI_HAS_FIELD(&old, atrium_host_api, ai_generate));
}

TEST_F(HostApiAiTest, GeneratesAndReturnsTheResultJson) {
  const auto [kind, message, json] = call(toAbi(&plugin_), R"({"prompt":"Salom"})");
  EXPECT_EQ(kind, ATRIUM_AI_OK);
  EXPECT_EQ(message, "");
  EXPECT_EQ(json["text"], "[offline offline] Salom");
  EXPECT_EQ(json["provider"], "offline");
  EXPECT_EQ(json["usage"]["unit"], "characters");
  EXPECT_NE(log_.text().find("\"caller\":\"weddings\""), std::string::npos);
}

TEST_F(HostApiAiTest, TemplatesGiveTheirFallbackOnFailure) {
  const auto [kind, message, json] = call(
      toAbi(&plugin_), R"({"script":"w/prompts/x","vars":{"name":"Ali"},"provider":"gemini"})");
  EXPECT_EQ(kind, ATRIUM_AI_UNAVAILABLE);  // gemini has no key in the default config
  EXPECT_EQ(json["error"], "unavailable");
  EXPECT_EQ(json["fallback"], "Hello Ali");
  EXPECT_EQ(message, "gemini is not configured (ai.gemini.api_key is empty)");
}

TEST_F(HostApiAiTest, BadInputAndMissingServiceAreTypedErrors) {
  EXPECT_EQ(std::get<0>(call(toAbi(&plugin_), "not json")), ATRIUM_AI_INVALID_REQUEST);
  EXPECT_EQ(std::get<0>(call(toAbi(&plugin_), R"({"prompt":""})")), ATRIUM_AI_INVALID_REQUEST);
  EXPECT_EQ(std::get<0>(call(toAbi(&no_ai_), R"({"prompt":"x"})")), ATRIUM_AI_UNAVAILABLE);
  EXPECT_EQ(std::get<0>(call(nullptr, R"({"prompt":"x"})", false)), ATRIUM_AI_INVALID_REQUEST);
  // A NULL result (out of memory) is readable too.
  atrium_str message{};
  EXPECT_EQ(api_.ai_result_error(nullptr, &message), ATRIUM_AI_UNAVAILABLE);
  EXPECT_EQ(v(api_.ai_result_json(nullptr)), "null");
  api_.ai_result_free(nullptr);
}

}  // namespace
}  // namespace atrium::host::plugin

namespace atrium::host::plugin {
namespace {

// The usage row of a plugin's call names the plugin and the request's principal, on SQLite and
// on PostgreSQL.
class HostApiAiUsageTest : public db::testing::BothBackendsTest {
 protected:
  void SetUp() override {
    BothBackendsTest::SetUp();
    if (HasFatalFailure()) return;
    database_ = std::make_unique<db::Database>(
        std::make_unique<db::ConnectionPool>(url(), db::PoolOptions{.size = 1}),
        db::DatabaseOptions{.health_check_interval = std::chrono::milliseconds(0)}, log_.sink());
    std::ifstream in(std::string(ATRIUM_SOURCE_DIR) + "/sql/host/0004_create_ai_usage." +
                     (GetParam() == db::Backend::kSqlite ? "sqlite" : "postgresql") + ".sql");
    std::stringstream sql;
    sql << in.rdbuf();
    db::Lease lease = database_->pool().acquire();
    db::runScript(lease, sql.str());
    service_ = std::make_unique<ai::AiService>(config::AiConfig{}, "taklifnoma", database_.get(),
                                               log_.sink());
    plugin_.ai = service_.get();
  }
  void TearDown() override {
    service_.reset();
    database_.reset();
    BothBackendsTest::TearDown();
  }
  atrium::testing::CapturedLog log_;
  std::unique_ptr<db::Database> database_;
  std::unique_ptr<ai::AiService> service_;
  PluginContext plugin_{log_.sink(), "weddings"};
};

TEST_P(HostApiAiUsageTest, RecordsThePluginAndThePrincipal) {
  atrium_host_api api = makeHostApi();
  http::Request request = test::makeRequest("POST", "/w");
  request.principal_json = R"({"sub":"user-42"})";
  request.request_id = "req-77";
  RequestHandle handle{&request, "weddings.invite"};
  atrium_ai_result* res = api.ai_generate(toAbi(&plugin_), toAbi(&handle), s(R"({"prompt":"a"})"));
  ASSERT_EQ(api.ai_result_error(res, nullptr), ATRIUM_AI_OK);
  api.ai_result_free(res);
  // Without a request: the JSON's user_id.
  res = api.ai_generate(toAbi(&plugin_), nullptr, s(R"({"prompt":"b","user_id":"bg-1"})"));
  ASSERT_EQ(api.ai_result_error(res, nullptr), ATRIUM_AI_OK);
  api.ai_result_free(res);
  const db::QueryResult rows = database_->query(
      {"test.usage", "test", ""},
      "SELECT plugin, user_id, request_id, product FROM atrium_ai_usage ORDER BY id", {});
  ASSERT_EQ(rows.rows.size(), 2u);
  EXPECT_EQ(std::get<std::string>(rows.rows[0][0]), "weddings");
  EXPECT_EQ(std::get<std::string>(rows.rows[0][1]), "user-42");
  EXPECT_EQ(std::get<std::string>(rows.rows[0][2]), "req-77");
  EXPECT_EQ(std::get<std::string>(rows.rows[0][3]), "taklifnoma");
  EXPECT_EQ(std::get<std::string>(rows.rows[1][1]), "bg-1");
  EXPECT_TRUE(std::holds_alternative<std::monostate>(rows.rows[1][2]));
}
INSTANTIATE_TEST_SUITE_P(Backends, HostApiAiUsageTest, db::testing::kBothBackends,
                         db::testing::testBackendName);

}  // namespace
}  // namespace atrium::host::plugin

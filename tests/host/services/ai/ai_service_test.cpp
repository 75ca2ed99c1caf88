#include "host/services/ai/ai_service.hpp"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "host/db/database.hpp"
#include "host/db/script_runner.hpp"
#include "tests/host/db/test_database.hpp"
#include "tests/host/services/ai/ai_test_support.hpp"
#include "tests/support/captured_log.hpp"

namespace atrium::host::ai {
namespace {

using namespace std::chrono_literals;
using atrium::testing::HttpTestRequest;
using atrium::testing::HttpTestResponse;
using atrium::testing::HttpTestServer;
using Json = nlohmann::json;

std::string usageMigration(db::Backend backend) {
  const std::string file = std::string(ATRIUM_SOURCE_DIR) + "/sql/host/0004_create_ai_usage." +
                           (backend == db::Backend::kSqlite ? "sqlite" : "postgresql") + ".sql";
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The service with its usage table on SQLite and on PostgreSQL; HTTP providers at a local
// server speaking Gemini's format.
class AiServiceTest : public db::testing::BothBackendsTest {
 protected:
  void SetUp() override {
    BothBackendsTest::SetUp();
    if (HasFatalFailure()) return;
    database_ = std::make_unique<db::Database>(
        std::make_unique<db::ConnectionPool>(url(), db::PoolOptions{.size = 2}),
        db::DatabaseOptions{.health_check_interval = 0ms}, log_.sink());
    db::Lease lease = database_->pool().acquire();
    db::runScript(lease, usageMigration(GetParam()));
  }
  void TearDown() override {
    service_.reset();
    database_.reset();
    BothBackendsTest::TearDown();
  }
  AiService& service(config::AiProviderKind provider) {
    service_ = std::make_unique<AiService>(testing::localConfig(server_, provider), "taklifnoma",
                                           database_.get(), log_.sink());
    service_->setSleeper([](std::chrono::milliseconds) { return true; });
    return *service_;
  }
  db::QueryResult usage() {
    return database_->query(
        {"test.usage", "test", ""},
        "SELECT product, plugin, user_id, template, provider, model, unit, prompt_units, "
        "completion_units, attempts, latency_ms, outcome, request_id, created_at "
        "FROM atrium_ai_usage ORDER BY id",
        {});
  }
  static std::string text(const db::Value& v) {
    const auto* s = std::get_if<std::string>(&v);
    return s == nullptr ? "<null>" : *s;
  }
  static int64_t number(const db::Value& v) {
    const auto* n = std::get_if<int64_t>(&v);
    return n == nullptr ? -1 : *n;
  }

  atrium::testing::CapturedLog log_;
  std::unique_ptr<db::Database> database_;
  std::function<HttpTestResponse(const HttpTestRequest&)> answer_ = [](const HttpTestRequest&) {
    return HttpTestResponse{200, testing::geminiAnswer("Aziz va Malika to'yiga marhamat!", 40, 12)};
  };
  HttpTestServer server_{[this](const HttpTestRequest& r) { return answer_(r); }};
  std::unique_ptr<AiService> service_;
};

TEST_P(AiServiceTest, OfflineAnswersDeterministicallyAndRecordsCharacters) {
  AiService& ai = service(config::AiProviderKind::kOffline);
  const AiCaller caller{"weddings", "user-7", "req-1"};
  const GenerationResult first = ai.generate(Json{{"prompt", "Salom dunyo"}}, caller);
  const GenerationResult second = ai.generate(Json{{"prompt", "Salom dunyo"}}, caller);
  EXPECT_EQ(first.text, "[offline offline] Salom dunyo");
  EXPECT_EQ(second.text, first.text);
  EXPECT_EQ(first.provider, "offline");
  const db::QueryResult rows = usage();
  ASSERT_EQ(rows.rows.size(), 2u);
  const auto& row = rows.rows[0];
  EXPECT_EQ(text(row[0]), "taklifnoma");
  EXPECT_EQ(text(row[1]), "weddings");
  EXPECT_EQ(text(row[2]), "user-7");
  EXPECT_EQ(text(row[3]), "");
  EXPECT_EQ(text(row[4]), "offline");
  EXPECT_EQ(text(row[5]), "offline");
  EXPECT_EQ(text(row[6]), "characters");
  EXPECT_EQ(number(row[7]), 11);
  EXPECT_EQ(number(row[8]), static_cast<int64_t>(first.text.size()));
  EXPECT_EQ(number(row[9]), 1);
  EXPECT_EQ(text(row[11]), "ok");
  EXPECT_EQ(text(row[12]), "req-1");
  EXPECT_EQ(server_.requests().size(), 0u);  // offline never touches the network
}

TEST_P(AiServiceTest, GeminiSuccessRecordsTokensAndNeverTheKeyOrPrompt) {
  AiService& ai = service(config::AiProviderKind::kGemini);
  const GenerationResult r =
      ai.generate(Json{{"prompt", "secret prompt text"}, {"user_id", "u-9"}}, {"weddings", "", ""});
  EXPECT_EQ(r.text, "Aziz va Malika to'yiga marhamat!");
  const db::QueryResult rows = usage();
  ASSERT_EQ(rows.rows.size(), 1u);
  EXPECT_EQ(text(rows.rows[0][2]), "u-9");
  EXPECT_EQ(text(rows.rows[0][4]), "gemini");
  EXPECT_EQ(text(rows.rows[0][5]), "gemini-test-001");
  EXPECT_EQ(text(rows.rows[0][6]), "tokens");
  EXPECT_EQ(number(rows.rows[0][7]), 40);
  EXPECT_EQ(number(rows.rows[0][8]), 12);
  EXPECT_EQ(text(rows.rows[0][12]), "<null>");
  const std::string logs = log_.text();
  EXPECT_EQ(logs.find("secret prompt text"), std::string::npos);
  EXPECT_EQ(logs.find("gemini-key-123"), std::string::npos);
  EXPECT_NE(logs.find("\"generated\""), std::string::npos);
}

TEST_P(AiServiceTest, AFailedCallIsRecordedWithItsKindAndCarriesTheFallback) {
  answer_ = [](const HttpTestRequest&) {
    return HttpTestResponse{500, testing::geminiError(500, "INTERNAL", "down")};
  };
  AiService& ai = service(config::AiProviderKind::kGemini);
  try {
    ai.generate(Json{{"prompt", "x"}, {"fallback", "Template text"}}, {"weddings", "u", "r"});
    FAIL();
  } catch (const AiError& e) {
    EXPECT_EQ(e.kind(), AiErrorKind::kUnavailable);
    EXPECT_EQ(e.fallback(), "Template text");
    EXPECT_EQ(e.attempts(), 3);
  }
  const db::QueryResult rows = usage();
  ASSERT_EQ(rows.rows.size(), 1u);
  EXPECT_EQ(text(rows.rows[0][11]), "unavailable");
  EXPECT_EQ(number(rows.rows[0][9]), 3);
  EXPECT_EQ(text(rows.rows[0][5]), "gemini-test");
  EXPECT_EQ(server_.requests().size(), 3u);
}

TEST_P(AiServiceTest, TemplatesAreRenderedAndRequestFieldsFillTheGaps) {
  AiService& ai = service(config::AiProviderKind::kGemini);
  Json seen_vars;
  ai.provideTemplates([&](std::string_view script, std::string_view function, const Json& vars,
                          std::string_view request_id) {
    EXPECT_EQ(script, "taklifnoma/prompts/invitation");
    EXPECT_EQ(function, "prompt");
    EXPECT_EQ(request_id, "req-5");
    seen_vars = vars;
    return Json{{"prompt", "Taklifnoma: " + vars["groom"].get<std::string>()},
                {"system", "uz"},
                {"temperature", 0.9}};
  });
  const GenerationResult r = ai.generate(Json{{"script", "taklifnoma/prompts/invitation"},
                                              {"vars", {{"groom", "Aziz"}}},
                                              {"temperature", 0.1},
                                              {"max_tokens", 77}},
                                         {"weddings", "u1", "req-5"});
  EXPECT_EQ(r.provider, "gemini");
  EXPECT_EQ(seen_vars, (Json{{"groom", "Aziz"}}));
  const Json body = Json::parse(server_.requests().at(0).body);
  EXPECT_EQ(body["contents"][0]["parts"][0]["text"], "Taklifnoma: Aziz");
  EXPECT_DOUBLE_EQ(body["generationConfig"]["temperature"].get<double>(), 0.9);  // template wins
  EXPECT_EQ(body["generationConfig"]["maxOutputTokens"], 77);                    // request fills
  EXPECT_EQ(text(usage().rows.at(0)[3]), "taklifnoma/prompts/invitation");
}

TEST_P(AiServiceTest, TemplateProblemsAreTemplateErrors) {
  AiService& ai = service(config::AiProviderKind::kOffline);
  const auto kind = [&](const Json& request) {
    try {
      ai.generate(request, {});
    } catch (const AiError& e) {
      return std::string(aiErrorKindName(e.kind())) + ": " + e.what();
    }
    return std::string("ok");
  };
  EXPECT_EQ(kind({{"script", "p/q"}}), "template_error: no script engine for prompt templates");
  ai.provideTemplates([](std::string_view, std::string_view, const Json& vars, std::string_view) {
    if (vars.contains("boom")) throw std::runtime_error("p/q.lua:3: boom");
    if (vars.contains("array")) return Json::array();
    return Json{{"promt", "typo"}};
  });
  EXPECT_EQ(kind({{"script", "p/q"}, {"vars", {{"boom", 1}}}}),
            "template_error: p/q.prompt: p/q.lua:3: boom");
  EXPECT_EQ(kind({{"script", "p/q"}, {"vars", {{"array", 1}}}}),
            "template_error: p/q.prompt must return a table {prompt=, system=, ...}");
  EXPECT_EQ(kind({{"script", "p/q"}}), "template_error: p/q: unknown field 'promt'");
  EXPECT_EQ(
      kind({{"script", "../etc"}}),
      "invalid_request: script must be a script id such as \"taklifnoma/prompts/invitation\"");
  EXPECT_EQ(kind({{"script", "p/q"}, {"function", "a.b"}}),
            "invalid_request: function must be a Lua function name");
  EXPECT_EQ(kind({{"vars", Json::object()}, {"prompt", "x"}}),
            "invalid_request: function and vars need script");
  EXPECT_EQ(kind(Json::array()), "invalid_request: the request must be a JSON object");
}

TEST_P(AiServiceTest, AProviderWithoutAKeyIsUnavailable) {
  config::AiConfig c = testing::localConfig(server_, config::AiProviderKind::kOffline);
  c.gemini.api_key.clear();
  AiService ai(c, "p", database_.get(), log_.sink());
  try {
    ai.generate(Json{{"prompt", "x"}, {"provider", "gemini"}}, {});
    FAIL();
  } catch (const AiError& e) {
    EXPECT_EQ(e.kind(), AiErrorKind::kUnavailable);
    EXPECT_STREQ(e.what(), "gemini is not configured (ai.gemini.api_key is empty)");
  }
  EXPECT_EQ(server_.requests().size(), 0u);
}

TEST_P(AiServiceTest, UsageIsNotRecordedWhenSwitchedOff) {
  config::AiConfig c = testing::localConfig(server_, config::AiProviderKind::kOffline);
  c.record_usage = false;
  AiService ai(c, "p", database_.get(), log_.sink());
  ai.generate(Json{{"prompt", "x"}}, {});
  EXPECT_TRUE(usage().rows.empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, AiServiceTest, db::testing::kBothBackends,
                         db::testing::testBackendName);

}  // namespace
}  // namespace atrium::host::ai

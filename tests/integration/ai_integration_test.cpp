// The AI service end to end: the real atrium binary serving the `inviter` fixture plugin
// (tests/fixtures/plugins/inviter, ctx.ai()) and a script route calling atrium.ai.generate, over
// real HTTP, against a local server that speaks Gemini's generateContent format; usage rows
// checked in the database, on SQLite and on PostgreSQL.
#include <atomic>

#include <gtest/gtest.h>

#include "host/db/connection_pool.hpp"
#include "tests/host/db/test_database.hpp"
#include "tests/support/http_test_server.hpp"
#include "tests/support/test_server.hpp"

namespace atrium::testing {
namespace {

using host::db::Backend;
using namespace std::chrono_literals;
using Json = nlohmann::json;

// The prompt template product staff edit: language, tone, and a fallback text without AI.
constexpr const char* kInvitationTemplate = R"(local atrium = require("atrium")
local texts = {
  uz = {prompt = "{{groom}} va {{bride}} to'yi uchun taklifnoma yozing.",
        fallback = "Hurmatli mehmonlar! {{groom}} va {{bride}} to'yiga marhamat."},
  en = {prompt = "Write a wedding invitation for {{groom}} and {{bride}}.",
        fallback = "Dear guests, join {{groom}} and {{bride}}."},
}
return {
  prompt = function(vars)
    local t = texts[vars.lang] or texts.en
    return {
      system = "You write warm wedding invitations.",
      prompt = atrium.template.render(t.prompt, vars),
      fallback = atrium.template.render(t.fallback, vars),
      temperature = 0.8,
      max_tokens = 256,
    }
  end,
}
)";

// A script route: explicit text, or the same template, through atrium.ai.generate.
constexpr const char* kAskScript = R"(local atrium = require("atrium")
return {handle = function(req)
  local request
  if req.body.template then
    request = {script = "inviter/prompts/invitation", vars = req.body.vars}
  else
    request = {prompt = req.body.prompt, user_id = "script-user"}
  end
  local result, err, fallback = atrium.ai.generate(request)
  if not result then
    return {status = 503, body = {error = err, fallback = fallback}}
  end
  return {text = result.text, provider = result.provider, unit = result.usage.unit,
          attempts = result.attempts}
end}
)";

constexpr const char* kNonblockingScript = R"(local atrium = require("atrium")
return {handle = function(req) return atrium.ai.generate{prompt = "x"} end}
)";

std::string geminiAnswer(const std::string& text) {
  return Json{{"candidates",
               {{{"content", {{"role", "model"}, {"parts", {{{"text", text}}}}}},
                 {"finishReason", "STOP"}}}},
              {"usageMetadata", {{"promptTokenCount", 21}, {"candidatesTokenCount", 8}}}}
      .dump();
}

std::string aiConfig(const std::string& url, const HttpTestServer& gemini) {
  return R"(product: aitest
server:
  listen: "127.0.0.1:0"
  worker_threads: 4
database:
  url: ")" +
         url + R"("
  migrate: auto
scripts:
  dir: scripts
ai:
  provider: gemini
  gemini: {base_url: ")" +
         gemini.url() + R"(", api_key: "${TEST_GEMINI_KEY}", model: gemini-test, timeout: 1s}
  retry: {max_attempts: 3, initial_delay: 50ms, max_delay: 200ms}
  deadline: 5s
plugin_dirs: ["@PLUGIN_DIR@/test"]
plugins:
  - name: inviter
routes:
  - {method: POST, path: /invitation, handler: inviter.invitation}
  - {method: POST, path: /ask, handler: inviter.ask}
  - {method: POST, path: /script/ask, script: inviter/routes/ask}
  - {method: POST, path: /script/fast, script: inviter/routes/fast, nonblocking: true}
)";
}

class AiIntegrationTest : public host::db::testing::BothBackendsTest {
 protected:
  void SetUp() override {
    BothBackendsTest::SetUp();
    if (HasFatalFailure()) return;
    TestServerOptions options;
    options.env["TEST_GEMINI_KEY"] = "gm-secret-key-42";
    options.files["scripts/inviter/prompts/invitation.lua"] = kInvitationTemplate;
    options.files["scripts/inviter/routes/ask.lua"] = kAskScript;
    options.files["scripts/inviter/routes/fast.lua"] = kNonblockingScript;
    const std::string url =
        GetParam() == Backend::kSqlite ? "sqlite://@TEST_DIR@/var/ai.db" : url_text_;
    server_ = std::make_unique<TestServer>(aiConfig(url, gemini_), options);
  }
  void TearDown() override {
    server_.reset();
    BothBackendsTest::TearDown();
  }
  // Rows of atrium_ai_usage: outcome|provider|plugin|template|unit|prompt|completion|attempts.
  std::vector<std::string> usage() {
    const std::string db_url = GetParam() == Backend::kSqlite
                                   ? "sqlite://" + (server_->dir() / "var/ai.db").string()
                                   : url_text_;
    host::db::ConnectionPool pool(host::db::parseDatabaseUrl(db_url, server_->dir()),
                                  host::db::PoolOptions{.size = 1});
    host::db::Lease lease = pool.acquire();
    soci::rowset<soci::row> rows = lease->prepare
                                   << "SELECT outcome, provider, plugin, template, unit, "
                                      "CAST(prompt_units AS TEXT), CAST(completion_units AS TEXT), "
                                      "CAST(attempts AS TEXT) FROM atrium_ai_usage ORDER BY id";
    std::vector<std::string> out;
    for (const soci::row& row : rows) {
      std::string line;
      for (size_t i = 0; i < row.size(); ++i) {
        line += (i ? "|" : "") + row.get<std::string>(i);
      }
      out.push_back(line);
    }
    return out;
  }

  std::atomic<int> failures_before_success_{0};
  std::atomic<int> status_{200};
  HttpTestServer gemini_{[this](const HttpTestRequest& request) {
    if (failures_before_success_.load() > 0) {
      --failures_before_success_;
      return HttpTestResponse{429, R"({"error":{"code":429,"message":"quota"}})"};
    }
    if (status_.load() != 200) {
      return HttpTestResponse{status_.load(), R"({"error":{"code":500,"message":"down"}})"};
    }
    const Json body = Json::parse(request.body);
    return HttpTestResponse{
        200, geminiAnswer("AI: " + body["contents"][0]["parts"][0]["text"].get<std::string>())};
  }};
  std::unique_ptr<TestServer> server_;
};
INSTANTIATE_TEST_SUITE_P(Backends, AiIntegrationTest, host::db::testing::kBothBackends,
                         host::db::testing::testBackendName);

TEST_P(AiIntegrationTest, APluginGeneratesFromTheLuaTemplateThroughGemini) {
  failures_before_success_ = 1;  // one 429 first: retried
  const auto response = server_->client().postJson(
      "/invitation", {{"groom", "Aziz"}, {"bride", "Malika"}, {"lang", "uz"}});
  ASSERT_EQ(response.status, 200) << response.body;
  const Json body = response.json();
  EXPECT_EQ(body["text"], "AI: Aziz va Malika to'yi uchun taklifnoma yozing.");
  EXPECT_EQ(body["ai_generated"], true);
  EXPECT_EQ(body["provider"], "gemini");
  const auto requests = gemini_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].target, "/v1beta/models/gemini-test:generateContent");
  EXPECT_EQ(requests[1].header("x-goog-api-key"), "gm-secret-key-42");
  const Json sent = Json::parse(requests[1].body);
  EXPECT_EQ(sent["systemInstruction"]["parts"][0]["text"], "You write warm wedding invitations.");
  EXPECT_EQ(sent["generationConfig"]["maxOutputTokens"], 256);
  EXPECT_EQ(
      usage(),
      (std::vector<std::string>{"ok|gemini|inviter|inviter/prompts/invitation|tokens|21|8|2"}));
  EXPECT_EQ(server_->stop(), 0);
  const std::string log = server_->logText();
  EXPECT_EQ(log.find("gm-secret-key-42"), std::string::npos);
  EXPECT_EQ(log.find("taklifnoma yozing"), std::string::npos);  // no prompt in the log
}

TEST_P(AiIntegrationTest, AfterTheRetriesThePluginFallsBackToTheTemplate) {
  status_ = 500;
  const auto response = server_->client().postJson(
      "/invitation", {{"groom", "Aziz"}, {"bride", "Malika"}, {"lang", "uz"}});
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.json(), (Json{{"text", "Hurmatli mehmonlar! Aziz va Malika to'yiga marhamat."},
                                   {"ai_generated", false},
                                   {"error", "unavailable"}}));
  EXPECT_EQ(gemini_.requests().size(), 3u);
  EXPECT_EQ(usage(), (std::vector<std::string>{
                         "unavailable|gemini|inviter|inviter/prompts/invitation|characters|"
                         "80|0|3"}));
}

TEST_P(AiIntegrationTest, AnExplicitPromptFailureAnswersTheSdkStatus) {
  status_ = 503;
  const auto response = server_->client().postJson("/ask", {{"prompt", "Salom"}});
  EXPECT_EQ(response.status, 503) << response.body;
  EXPECT_EQ(response.body.find("down"), std::string::npos);  // provider detail stays in the log
  const auto bad = server_->client().postJson("/ask", {{"prompt", 5}});
  EXPECT_EQ(bad.status, 400);
}

TEST_P(AiIntegrationTest, AScriptRouteCallsAtriumAiGenerate) {
  const auto response = server_->client().postJson("/script/ask", {{"prompt", "Salom dunyo"}});
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.json(), (Json{{"text", "AI: Salom dunyo"},
                                   {"provider", "gemini"},
                                   {"unit", "tokens"},
                                   {"attempts", 1}}));
  // The same template, rendered on the script's own Lua state.
  const auto templated = server_->client().postJson(
      "/script/ask",
      {{"template", true}, {"vars", {{"groom", "Ali"}, {"bride", "Vali"}, {"lang", "en"}}}});
  ASSERT_EQ(templated.status, 200) << templated.body;
  EXPECT_EQ(templated.json()["text"], "AI: Write a wedding invitation for Ali and Vali.");
  EXPECT_EQ(usage(),
            (std::vector<std::string>{
                "ok|gemini|lua.inviter/routes/ask||tokens|21|8|1",
                "ok|gemini|lua.inviter/routes/ask|inviter/prompts/invitation|tokens|21|8|1"}));
}

TEST_P(AiIntegrationTest, AScriptSeesNilErrAndFallback) {
  status_ = 500;
  const auto response = server_->client().postJson(
      "/script/ask",
      {{"template", true}, {"vars", {{"groom", "Ali"}, {"bride", "Vali"}, {"lang", "en"}}}});
  ASSERT_EQ(response.status, 503) << response.body;
  const Json body = response.json();
  EXPECT_EQ(body["error"],
            "unavailable: gemini answered HTTP 500: down (gave up after 3 attempts)");
  EXPECT_EQ(body["fallback"], "Dear guests, join Ali and Vali.");
  const auto bad = server_->client().postJson("/script/ask", {{"prompt", ""}});
  ASSERT_EQ(bad.status, 503);
  EXPECT_EQ(bad.json()["error"], "invalid_request: prompt (or messages) is required");
}

TEST_P(AiIntegrationTest, NonblockingRoutesMayNotWaitForTheProvider) {
  const auto response = server_->client().postJson("/script/fast", Json::object());
  EXPECT_EQ(response.status, 500);
  EXPECT_TRUE(gemini_.requests().empty());
  ASSERT_TRUE(server_->waitForLog("script call failed", 5s).has_value());
  EXPECT_NE(server_->logText().find("ai.generate: cannot wait for the AI provider on a nonblocking "
                                    "route"),
            std::string::npos);
}

}  // namespace
}  // namespace atrium::testing

// AI invitations of Taklifnoma over real HTTP (POST /api/ai/generate-invitation, shared/
// contracts.md §1): the weddings plugin, the product's Lua prompt template
// (scripts/taklifnoma/prompts/invitation.lua) and the host's AI service talking to a local server
// that speaks Gemini's generateContent format — success, 429, 500, timeout, malformed answers —
// plus the contract's validation, the 3-per-minute limit and the offline provider; on SQLite and
// PostgreSQL.
#include <atomic>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "tests/integration/weddings_test_support.hpp"
#include "tests/support/http_test_server.hpp"

namespace atrium::testing {
namespace {

using Json = nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* kGeminiKey = "gm-invitation-key-77";

Json request(const std::string& groom = "Aziz") {
  return {{"groom_name", groom},
          {"bride_name", "Malika"},
          {"wedding_date", "2026-06-12"},
          {"wedding_location", "Toshkent"},
          {"language", "uz"},
          {"tone", "samimiy"},
          {"style", "milliy"}};
}

std::string geminiAnswer(const std::string& text) {
  return Json{{"candidates",
               {{{"content", {{"role", "model"}, {"parts", {{{"text", text}}}}}},
                 {"finishReason", "STOP"}}}},
              {"usageMetadata", {{"promptTokenCount", 120}, {"candidatesTokenCount", 300}}}}
      .dump();
}

const Json kAiParts = {{"headline", "AI: Aziz & Malika"},
                       {"bismillah", "Bismillahir Rohmanir Rohiym"},
                       {"intro_poem", "AI poem"},
                       {"invitation_body", "AI: Aziz va Malika"},
                       {"main_body", "AI: 12-iyun, Toshkent"},
                       {"footer_quote", "AI quote"},
                       {"footer_note", "AI note"}};

// The template's parts for request() (tests/scripts/taklifnoma/prompts/invitation.cases.yaml).
const Json kTemplateMain =
    "Sizni farzandlarimiz Aziz va Malikaning nikoh to'yi munosabati bilan 2026 yil 12-iyun kuni "
    "Toshkentda bo'lib o'tadigan tantanaga taklif etamiz.";

class WeddingInvitationTest : public weddings::WeddingsServerTest {
 protected:
  void SetUp() override {
    WeddingsServerTest::SetUp();
    start(true);
  }

  // The test product, with Gemini at the local server (or, without, the offline provider).
  void start(bool with_gemini) {
    std::string config = productYaml();
    if (with_gemini) {
      config += "ai:\n  provider: gemini\n  gemini: {base_url: \"" + gemini_.url() +
                "\", api_key: \"${TEST_GEMINI_KEY}\", model: gemini-test, timeout: 1s}\n"
                "  retry: {max_attempts: 3, initial_delay: 20ms, max_delay: 100ms}\n"
                "  deadline: 4s\n";
    }
    TestServerOptions options = serverOptions();
    options.env["TEST_GEMINI_KEY"] = kGeminiKey;
    startServer(config, options);
  }

  Response generate(const Headers& who, const Json& body) {
    return server_->client().postJson("/api/ai/generate-invitation", body, who);
  }

  // The inner {success, data} of a 200, with the checks every answer must pass.
  Json invitation(const Response& res) {
    EXPECT_EQ(res.status, 200) << res.body;
    const Json body = res.json();
    EXPECT_EQ(body["success"], true);
    EXPECT_EQ(body["data"]["success"], true);
    const Json data = body["data"]["data"];
    for (const char* key : {"id", "headline", "invitation_body", "footer_quote", "bismillah",
                            "main_body", "footer_note", "intro_poem", "generated_text"}) {
      EXPECT_TRUE(data.contains(key) && data[key].is_string()) << key << " in " << body;
    }
    EXPECT_TRUE(data["ai_generated"].is_boolean()) << body;
    return data;
  }

  std::atomic<int> status_{200};
  std::atomic<int> delay_ms_{0};
  std::string answer_text_ = kAiParts.dump();
  std::string raw_body_;  // when set: the whole HTTP body (a malformed provider answer)
  HttpTestServer gemini_{[this](const HttpTestRequest&) {
    HttpTestResponse res;
    res.delay = std::chrono::milliseconds(delay_ms_.load());
    if (status_.load() != 200) {
      res.status = status_.load();
      res.body = R"({"error":{"code":)" + std::to_string(res.status) + R"(,"message":"no"}})";
      return res;
    }
    res.body = raw_body_.empty() ? geminiAnswer(answer_text_) : raw_body_;
    return res;
  }};
};
INSTANTIATE_TEST_SUITE_P(Backends, WeddingInvitationTest, host::db::testing::kBothBackends,
                         host::db::testing::testBackendName);

TEST_P(WeddingInvitationTest, GeminiWritesTheInvitationFromTheLuaTemplateDoubleWrapped) {
  const Json data = invitation(generate(as("user-1"), request()));
  EXPECT_EQ(data["ai_generated"], true);
  for (const auto& [key, value] : kAiParts.items()) EXPECT_EQ(data[key], value) << key;
  EXPECT_EQ(data["generated_text"],
            "AI: Aziz & Malika\n\nBismillahir Rohmanir Rohiym\n\nAI poem\n\nAI: Aziz va Malika"
            "\n\nAI: 12-iyun, Toshkent\n\nAI quote\n\nAI note");

  const auto requests = gemini_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].target, "/v1beta/models/gemini-test:generateContent");
  EXPECT_EQ(requests[0].header("x-goog-api-key"), kGeminiKey);
  const Json sent = Json::parse(requests[0].body);
  const std::string prompt = sent["contents"][0]["parts"][0]["text"];
  EXPECT_NE(prompt.find("Aziz va Malika to'yi uchun samimiy ohangda, milliy o'zbek uslubda"),
            std::string::npos)
      << prompt;
  EXPECT_NE(prompt.find("2026 yil 12-iyun"), std::string::npos) << prompt;
  EXPECT_EQ(sent["generationConfig"]["responseMimeType"], "application/json");
  EXPECT_EQ(sent["generationConfig"]["maxOutputTokens"], 2048);
  EXPECT_NE(sent["systemInstruction"]["parts"][0]["text"].get<std::string>().find("JSON object"),
            std::string::npos);

  EXPECT_EQ(server_->stop(), 0);
  const std::string log = server_->logText();
  EXPECT_EQ(log.find(kGeminiKey), std::string::npos);
  EXPECT_EQ(log.find("AI poem"), std::string::npos);  // answers are not logged
}

TEST_P(WeddingInvitationTest, TheInvitationIsStoredOnTheCouplesWeddingPage) {
  const Headers couple = as("user-1");
  const Json created = createWedding(couple);
  Json body = request();
  body["wedding_id"] = created["data"]["id"];
  const Json data = invitation(generate(couple, body));

  const auto page = server_->client().get("/api/weddings/aziz-va-malika");
  ASSERT_EQ(page.status, 200) << page.body;
  const Json invitations = page.json()["data"]["invitations"];
  ASSERT_EQ(invitations.size(), 1u) << page.body;
  EXPECT_EQ(invitations[0]["id"], data["id"]);
  EXPECT_EQ(invitations[0]["content"], data["generated_text"]);
  EXPECT_EQ(invitations[0]["aiGenerated"], true);
  EXPECT_EQ(invitations[0]["language"], "uz");
  EXPECT_EQ(invitations[0]["meta"]["headline"], "AI: Aziz & Malika");
  EXPECT_EQ(invitations[0]["meta"]["request"]["tone"], "samimiy");

  // Without wedding_id it is stored too, but belongs to no page.
  invitation(generate(couple, request()));
  EXPECT_EQ(
      server_->client().get("/api/weddings/aziz-va-malika").json()["data"]["invitations"].size(),
      1u);
}

TEST_P(WeddingInvitationTest, AfterThreeFailedAttemptsTheTemplateAnswersWithAiGeneratedFalse) {
  status_ = 500;
  const Json data = invitation(generate(as("user-1"), request()));
  EXPECT_EQ(data["ai_generated"], false);
  EXPECT_EQ(data["main_body"], kTemplateMain);
  EXPECT_EQ(data["bismillah"], "Bismillahir Rohmanir Rohiym");
  EXPECT_EQ(gemini_.requests().size(), 3u);
  EXPECT_NE(server_->logText().find("AI invitation failed, answering the template"),
            std::string::npos);
}

TEST_P(WeddingInvitationTest, RateLimitedByGeminiFallsBackToo) {
  status_ = 429;
  const Json data = invitation(generate(as("user-1"), request()));
  EXPECT_EQ(data["ai_generated"], false);
  EXPECT_EQ(data["main_body"], kTemplateMain);
  EXPECT_EQ(gemini_.requests().size(), 3u);
}

TEST_P(WeddingInvitationTest, AProviderTimeoutFallsBackWithinTheDeadline) {
  delay_ms_ = 1500;  // each attempt times out after 1 s
  const auto started = std::chrono::steady_clock::now();
  const Json data = invitation(generate(as("user-1"), request()));
  EXPECT_EQ(data["ai_generated"], false);
  EXPECT_EQ(data["main_body"], kTemplateMain);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 6s);
}

TEST_P(WeddingInvitationTest, AMalformedProviderAnswerFallsBack) {
  raw_body_ = R"({"candidates": "not a list")";
  const Json data = invitation(generate(as("user-1"), request()));
  EXPECT_EQ(data["ai_generated"], false);
  EXPECT_EQ(data["main_body"], kTemplateMain);
  EXPECT_EQ(gemini_.requests().size(), 1u);  // a malformed answer is not retried
}

TEST_P(WeddingInvitationTest, ProseInsteadOfJsonBecomesTheMainBody) {
  answer_text_ = "Aziz va Malika sizni to'yga taklif qiladi!";
  const Json data = invitation(generate(as("user-1"), request()));
  EXPECT_EQ(data["ai_generated"], true);
  EXPECT_EQ(data["main_body"], "Aziz va Malika sizni to'yga taklif qiladi!");
  EXPECT_EQ(data["headline"], "Aziz va Malikaning nikoh to'yi");  // the template's
}

TEST_P(WeddingInvitationTest, ThreeGenerationsPerMinutePerUser) {
  const Headers one = as("user-1");
  for (int i = 0; i < 3; ++i) invitation(generate(one, request()));
  const auto limited = generate(one, request());
  EXPECT_EQ(limited.status, 429) << limited.body;
  EXPECT_EQ(limited.json()["success"], false);
  EXPECT_EQ(limited.json()["message"],
            "Juda ko'p so'rov. Bir daqiqadan keyin qayta urinib ko'ring");
  invitation(generate(as("user-2"), request()));  // another user is not limited
  EXPECT_EQ(gemini_.requests().size(), 4u);
}

TEST_P(WeddingInvitationTest, BadRequestsAre400WithTheFieldErrorsAndCallNoAi) {
  const Headers who = as("user-1");
  Json bad = request("A");
  bad["wedding_date"] = "12.06.2026";
  bad["language"] = "de";
  bad.erase("style");
  const auto res = generate(who, bad);
  ASSERT_EQ(res.status, 400) << res.body;
  const Json body = res.json();
  EXPECT_EQ(body["success"], false);
  EXPECT_TRUE(body["message"].is_string());
  ASSERT_TRUE(body["errors"].is_array()) << body;
  std::vector<std::string> fields;
  for (const Json& e : body["errors"]) fields.push_back(e["field"]);
  EXPECT_EQ(fields, (std::vector<std::string>{"groom_name", "wedding_date", "language", "style"}));

  EXPECT_EQ(server_->client()
                .post("/api/ai/generate-invitation", "{oops", "application/json", who)
                .status,
            400);
  EXPECT_EQ(generate(who, Json::array()).status, 400);
  Json huge = request();
  huge["wedding_location"] = std::string(20000, 'x');
  EXPECT_EQ(generate(who, huge).status, 413);
  EXPECT_EQ(gemini_.requests().size(), 0u);
}

TEST_P(WeddingInvitationTest, NeedsATokenAndTheWeddingMustBeTheCallers) {
  const auto anonymous = server_->client().postJson("/api/ai/generate-invitation", request());
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(anonymous.json()["message"], "Avtorizatsiya talab qilinadi");

  const Json created = createWedding(as("owner"));
  Json body = request();
  body["wedding_id"] = created["data"]["id"];
  const auto stranger = generate(as("stranger"), body);
  EXPECT_EQ(stranger.status, 403) << stranger.body;
  EXPECT_EQ(stranger.json()["message"], "Ruxsat berilmagan");
  body["wedding_id"] = "no-such-wedding";
  const auto unknown = generate(as("owner"), body);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.json()["message"], "To'y topilmadi");
  EXPECT_EQ(gemini_.requests().size(), 0u);
}

TEST_P(WeddingInvitationTest, TheOfflineProviderAnswersTheTemplateAsNotAiGenerated) {
  start(false);  // no ai: block: the development default
  const Json data = invitation(generate(as("user-1"), request()));
  EXPECT_EQ(data["ai_generated"], false);
  EXPECT_EQ(data["main_body"], kTemplateMain);
  EXPECT_EQ(data["footer_note"], "Hurmat bilan, Aziz va Malikaning oilalari");
  EXPECT_EQ(gemini_.requests().size(), 0u);
}

TEST_P(WeddingInvitationTest, UserStatsCountTheCallersWeddingsGiftsAndInvitations) {
  const Headers couple = as("user-1");
  const auto empty = server_->client().get("/api/user/stats", couple);
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_EQ(empty.json(), (Json{{"success", true},
                                {"data",
                                 {{"weddingCount", 0},
                                  {"acceptedRSVPs", 0},
                                  {"totalGiftAmount", 0},
                                  {"totalInvitations", 0}}}}));
  const std::string id = createWedding(couple)["data"]["id"];
  for (const char* amount : {"0.1", "0.2", "150000"}) {
    ASSERT_EQ(
        server_->client()
            .postJson("/api/gifts", {{"weddingId", id}, {"guestName", "G"}, {"amount", amount}})
            .status,
        201);
  }
  invitation(generate(couple, request()));
  // Another user's wedding, gifts and invitations are not counted.
  const Headers other = as("user-2");
  const Json theirs = createWedding(other, weddings::weddingBody("Bobur", "Laylo"));
  server_->client().postJson(
      "/api/gifts", {{"weddingId", theirs["data"]["id"]}, {"guestName", "G"}, {"amount", 7}});
  invitation(generate(other, request("Bobur")));

  const Json stats = server_->client().get("/api/user/stats", couple).json()["data"];
  EXPECT_EQ(stats["weddingCount"], 1);
  EXPECT_EQ(stats["totalGiftAmount"], 150000.3);  // exact: 0.1 + 0.2 is not 0.30000000000000004
  EXPECT_EQ(stats["totalInvitations"], 1);
  EXPECT_EQ(server_->client().get("/api/user/stats").status, 401);
}

}  // namespace
}  // namespace atrium::testing

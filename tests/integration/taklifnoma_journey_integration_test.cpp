// Taklifnoma end to end, served from config/taklifnoma.yaml exactly as deployed (the file, the
// built plugins, the repository's scripts and migrations), with the environment an operator
// gives it; Gemini is a local server speaking its format. The couple's journey (register, verify
// by the mailed code, create a wedding, generate the invitation, share the slug and the QR code),
// the guest's (open the page, upload a photo, log a gift), the owner's live gift feed and
// dashboard, and the administrator's statistics; on SQLite and on PostgreSQL.
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "tests/host/db/test_database.hpp"
#include "tests/host/services/storage/sample_files.hpp"
#include "tests/integration/accounts_test_support.hpp"
#include "tests/support/http_test_server.hpp"
#include "tests/support/sse_client.hpp"
#include "tests/support/test_server.hpp"

namespace atrium::testing {
namespace {

using host::db::Backend;
using Json = nlohmann::json;
using accounts::bearer;
using accounts::codeSentTo;
using namespace std::chrono_literals;

constexpr const char* kBoundary = "----TaklifnomaJourney7d1e";
constexpr const char* kAdminEmail = "admin@taklifnoma.test";
constexpr const char* kAdminPassword = "Admin-parol-2026!";

std::string geminiAnswer(const Json& parts) {
  return Json{{"candidates",
               {{{"content", {{"role", "model"}, {"parts", {{{"text", parts.dump()}}}}}},
                 {"finishReason", "STOP"}}}},
              {"usageMetadata", {{"promptTokenCount", 150}, {"candidatesTokenCount", 320}}}}
      .dump();
}

std::string photoUpload(const std::string& wedding_id) {
  const std::string b = kBoundary;
  return "--" + b + "\r\nContent-Disposition: form-data; name=\"weddingId\"\r\n\r\n" + wedding_id +
         "\r\n--" + b +
         "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"IMG_0042.png\"\r\n"
         "Content-Type: image/png\r\n\r\n" +
         samplePng() + "\r\n--" + b + "--\r\n";
}

class TaklifnomaJourneyTest : public host::db::testing::BothBackendsTest {
 protected:
  void SetUp() override {
    BothBackendsTest::SetUp();
    if (HasFatalFailure()) return;
    TestServerOptions options;
    options.config_file = sourceDir() / "config" / "taklifnoma.yaml";
    options.env["ATRIUM_DATABASE_URL"] =
        GetParam() == Backend::kSqlite ? "sqlite://" + (dir_.path() / "t.db").string() : url_text_;
    options.env["TAKLIFNOMA_JWT_SECRET"] = "journey-secret-0123456789-abcdefghijklmnop";
    options.env["ATRIUM_ADMIN_EMAIL"] = kAdminEmail;
    options.env["ATRIUM_ADMIN_PASSWORD"] = kAdminPassword;
    options.env["TAKLIFNOMA_AI_PROVIDER"] = "gemini";
    options.env["GEMINI_BASE_URL"] = gemini_.url();
    options.env["GEMINI_API_KEY"] = "journey-gemini-key";
    options.env["TAKLIFNOMA_PUBLIC_URL"] = "https://taklifnoma.test";
    options.env["TAKLIFNOMA_UPLOADS_DIR"] = (dir_.path() / "uploads").string();
    server_ = std::make_unique<TestServer>("", options);
  }

  HttpClient client() { return server_->client(); }

  HttpTestServer gemini_{[](const HttpTestRequest&) {
    return HttpTestResponse{200, geminiAnswer({{"headline", "Aziz & Malika"},
                                               {"bismillah", "Bismillahir Rohmanir Rohiym"},
                                               {"intro_poem", "Ikki qalb"},
                                               {"invitation_body", "Aziz va Malika"},
                                               {"main_body", "12-iyun, Toshkent"},
                                               {"footer_quote", "Baxt"},
                                               {"footer_note", "Oilalar"}})};
  }};
  std::unique_ptr<TestServer> server_;
};
INSTANTIATE_TEST_SUITE_P(Backends, TaklifnomaJourneyTest, host::db::testing::kBothBackends,
                         host::db::testing::testBackendName);

TEST_P(TaklifnomaJourneyTest, CoupleGuestOwnerAndAdministrator) {
  // --- The couple registers, verifies the e-mailed code and is signed in.
  const auto registered =
      client().postJson("/api/auth/register", {{"fullName", "Aziz Karimov"},
                                               {"phone", "+998901234567"},
                                               {"email", "aziz@example.uz"},
                                               {"password", "Kuchli-parol-2026"}});
  ASSERT_EQ(registered.status, 201) << registered.body;
  const std::string code = codeSentTo(*server_, "mail", "aziz@example.uz");
  ASSERT_EQ(code.size(), 6u);
  const auto verified =
      client().postJson("/api/auth/verify", {{"email", "aziz@example.uz"}, {"code", code}});
  ASSERT_EQ(verified.status, 200) << verified.body;
  const Headers couple = bearer(verified.json()["accessToken"]);
  const auto login = client().postJson(
      "/api/auth/login", {{"identifier", "+998901234567"}, {"password", "Kuchli-parol-2026"}});
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_EQ(login.body.find("argon2"), std::string::npos);  // no password hash in the answer

  // --- creates the wedding (the slug from the Lua rule) ...
  const auto created = client().postJson("/api/weddings",
                                         {{"groomName", "Aziz"},
                                          {"brideName", "Malika"},
                                          {"weddingDate", "2026-06-12"},
                                          {"weddingLocation", "Toshkent, Navro'z to'yxonasi"},
                                          {"language", "uz"}},
                                         couple);
  ASSERT_EQ(created.status, 201) << created.body;
  const Json wedding = created.json()["data"];
  const std::string slug = wedding["slug"];
  const std::string wedding_id = wedding["id"];
  EXPECT_EQ(slug, "aziz-va-malika");

  // ... generates the invitation (Gemini, the product's prompt template) ...
  const auto generated = client().postJson("/api/ai/generate-invitation",
                                           {{"groom_name", "Aziz"},
                                            {"bride_name", "Malika"},
                                            {"wedding_date", "2026-06-12"},
                                            {"wedding_location", "Toshkent"},
                                            {"language", "uz"},
                                            {"tone", "iliq"},
                                            {"style", "milliy"},
                                            {"wedding_id", wedding_id}},
                                           couple);
  ASSERT_EQ(generated.status, 200) << generated.body;
  EXPECT_EQ(generated.json()["data"]["data"]["ai_generated"], true);
  EXPECT_EQ(generated.json()["data"]["data"]["headline"], "Aziz & Malika");
  ASSERT_EQ(gemini_.requests().size(), 1u);
  EXPECT_EQ(gemini_.requests()[0].header("x-goog-api-key"), "journey-gemini-key");

  // ... and shares the slug and the QR code of the guest page.
  const std::string qr_path = wedding["qrCodeUrl"];
  EXPECT_EQ(qr_path, "/api/weddings/aziz-va-malika/qr.svg");
  const auto svg = client().get(qr_path);
  ASSERT_EQ(svg.status, 200);
  EXPECT_EQ(svg.header("Content-Type"), "image/svg+xml; charset=utf-8");
  EXPECT_NE(svg.body.find("<svg"), std::string::npos);
  const auto png = client().get("/api/weddings/" + slug + "/qr.png");
  ASSERT_EQ(png.status, 200);
  EXPECT_EQ(png.header("Content-Type"), "image/png");
  EXPECT_EQ(png.body.substr(1, 3), "PNG");

  // --- The owner keeps the live gift feed open.
  SseClient feed(server_->host(), server_->port(), "/api/events",
                 {{"Authorization", couple.get("Authorization").value_or("")}});
  ASSERT_EQ(feed.readHead(), 200);

  // --- A guest opens the page (no account), uploads a photo and logs a gift.
  const auto page = client().get("/api/weddings/" + slug);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.json()["data"]["invitations"].size(), 1u);
  EXPECT_EQ(page.json()["data"]["invitations"][0]["meta"]["headline"], "Aziz & Malika");
  const auto uploaded = client().post("/api/media/upload", photoUpload(wedding_id),
                                      std::string("multipart/form-data; boundary=") + kBoundary);
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  const Json media = uploaded.json()["data"];
  EXPECT_EQ(media["type"], "IMAGE");
  EXPECT_EQ(media["uploadedByGuest"], true);
  const auto file = client().get(media["fileUrl"].get<std::string>());
  ASSERT_EQ(file.status, 200);
  EXPECT_EQ(file.header("Content-Type"), "image/png");
  EXPECT_EQ(file.body, samplePng());
  EXPECT_EQ(client().get("/api/weddings/" + slug).json()["data"]["media"].size(), 1u);

  const auto gift = client().postJson("/api/gifts", {{"weddingId", wedding_id},
                                                     {"guestName", "Jasur aka"},
                                                     {"amount", "1500000.50"},
                                                     {"message", "Baxtli bo'linglar!"}});
  ASSERT_EQ(gift.status, 201) << gift.body;

  // --- The owner sees it live, and in the list with totals; a guest cannot list.
  const std::optional<SseEvent> event = feed.next(5s);
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(event->event, "gift.created");
  EXPECT_EQ(Json::parse(event->data)["guestName"], "Jasur aka");
  const auto gifts = client().get("/api/gifts/" + wedding_id, couple);
  ASSERT_EQ(gifts.status, 200) << gifts.body;
  EXPECT_EQ(gifts.json()["totalAmount"], 1500000.5);
  EXPECT_EQ(client().get("/api/gifts/" + wedding_id).status, 401);
  const Json stats = client().get("/api/user/stats", couple).json()["data"];
  EXPECT_EQ(stats["weddingCount"], 1);
  EXPECT_EQ(stats["totalGiftAmount"], 1500000.5);
  EXPECT_EQ(stats["totalInvitations"], 1);

  // --- The seeded administrator sees the platform; the couple may not.
  const auto admin_login = client().postJson(
      "/api/auth/login", {{"identifier", kAdminEmail}, {"password", kAdminPassword}});
  ASSERT_EQ(admin_login.status, 200) << admin_login.body;
  const Headers admin = bearer(admin_login.json()["accessToken"]);
  const auto platform = client().get("/api/admin/stats", admin);
  ASSERT_EQ(platform.status, 200) << platform.body;
  EXPECT_EQ(platform.json(), (Json{{"success", true},
                                   {"data",
                                    {{"totalUsers", 2},
                                     {"totalWeddings", 1},
                                     {"totalGiftsAmount", 1500000.5},
                                     {"totalGiftsCount", 1},
                                     {"totalMedia", 1},
                                     {"totalAIGenerations", 1}}}}));
  const auto users = client().get("/api/admin/users", admin);
  ASSERT_EQ(users.status, 200) << users.body;
  const Json listed = users.json()["data"];
  EXPECT_EQ(listed.size(), 2u);
  for (const Json& user : listed) {
    EXPECT_EQ(user.size(), 6u) << user;  // id, fullName, email, phone, role, createdAt
  }
  EXPECT_EQ(users.body.find("argon2"), std::string::npos);
  const auto refused = client().get("/api/admin/stats", couple);
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.json(), (Json{{"message", "Ruxsat berilmagan"}}));

  // --- Nothing secret reached the log.
  EXPECT_EQ(server_->stop(), 0);
  const std::string log = server_->logText();
  for (const char* secret :
       {"Kuchli-parol-2026", kAdminPassword, "journey-gemini-key", "journey-secret-0123456789"}) {
    EXPECT_EQ(log.find(secret), std::string::npos) << secret;
  }
  EXPECT_EQ(log.find("\"" + code + "\""), std::string::npos);
}

}  // namespace
}  // namespace atrium::testing

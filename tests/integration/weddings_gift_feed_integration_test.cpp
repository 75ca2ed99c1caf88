// The owner's live gift feed (issue: Taklifnoma gifts): a gift a guest logs reaches the wedding
// owner's open event stream (GET /api/events, server-sent events) as `gift.created`, and no one
// else's; on SQLite and PostgreSQL (PostgreSQL also carries events between instances).
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "tests/host/db/test_database.hpp"
#include "tests/support/sse_client.hpp"
#include "tests/support/test_server.hpp"

namespace atrium::testing {
namespace {

using host::db::Backend;
using Json = nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* kSecret = "weddings-gift-feed-secret-0123456789-abcdef";

class WeddingGiftFeedTest : public host::db::testing::BothBackendsTest {
 protected:
  void SetUp() override {
    BothBackendsTest::SetUp();
    if (HasFatalFailure()) return;
    TestServerOptions options;
    options.env["WEDDINGS_TEST_JWT_SECRET"] = kSecret;
    options.env["ATRIUM_DATABASE_URL"] =
        GetParam() == Backend::kSqlite ? "sqlite://" + (dir_.path() / "w.db").string() : url_text_;
    server_ = std::make_unique<TestServer>(
        readFile(sourceDir() / "tests" / "integration" / "weddings_taklifnoma.yaml"), options);
  }

  std::string token(const std::string& user) {
    const auto res = server_->client().postJson("/issue", {{"sub", user}, {"role", "USER"}});
    EXPECT_EQ(res.status, 200) << res.body;
    return res.json()["token"].get<std::string>();
  }

  std::unique_ptr<SseClient> stream(const std::string& user) {
    auto client = std::make_unique<SseClient>(
        server_->host(), server_->port(), "/api/events",
        std::map<std::string, std::string>{{"Authorization", "Bearer " + token(user)}});
    EXPECT_EQ(client->readHead(), 200);
    return client;
  }

  std::unique_ptr<TestServer> server_;
};
INSTANTIATE_TEST_SUITE_P(Backends, WeddingGiftFeedTest, host::db::testing::kBothBackends,
                         host::db::testing::testBackendName);

TEST_P(WeddingGiftFeedTest, TheOwnerSeesEachGiftLiveAndNoOneElseDoes) {
  const auto created =
      server_->client().postJson("/api/weddings",
                                 {{"groomName", "Aziz"},
                                  {"brideName", "Malika"},
                                  {"weddingDate", "2026-06-12"},
                                  {"weddingLocation", "Toshkent"}},
                                 Headers{{"Authorization", "Bearer " + token("owner")}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string wedding_id = created.json()["data"]["id"];
  auto owner = stream("owner");
  auto stranger = stream("stranger");

  const auto gift = server_->client().postJson("/api/gifts", {{"weddingId", wedding_id},
                                                              {"guestName", "Jasur"},
                                                              {"amount", 500000.5},
                                                              {"message", "Baxt!"}});
  ASSERT_EQ(gift.status, 201) << gift.body;

  const std::optional<SseEvent> event = owner->next(5s);
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(event->event, "gift.created");
  const Json data = Json::parse(event->data);
  EXPECT_EQ(data, gift.json()["data"]);
  EXPECT_EQ(data["weddingId"], wedding_id);
  EXPECT_EQ(data["amount"], 500000.5);
  EXPECT_FALSE(stranger->next(300ms).has_value());

  // A refused gift publishes nothing.
  const auto refused = server_->client().postJson(
      "/api/gifts", {{"weddingId", wedding_id}, {"guestName", "Jasur"}, {"amount", -1}});
  EXPECT_EQ(refused.status, 400);
  EXPECT_FALSE(owner->next(300ms).has_value());
}

}  // namespace
}  // namespace atrium::testing

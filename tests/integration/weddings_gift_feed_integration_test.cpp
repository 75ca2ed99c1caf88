// The owner's live gift feed (issue: Taklifnoma gifts): a gift a guest logs reaches the wedding
// owner's open event stream (GET /api/events, server-sent events) as `gift.created`, and no one
// else's; on SQLite and PostgreSQL (PostgreSQL also carries events between instances).
#include <map>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "tests/integration/weddings_test_support.hpp"
#include "tests/support/sse_client.hpp"

namespace atrium::testing {
namespace {

using Json = nlohmann::json;
using namespace std::chrono_literals;

class WeddingGiftFeedTest : public weddings::WeddingsServerTest {
 protected:
  void SetUp() override {
    WeddingsServerTest::SetUp();
    startServer();
  }

  std::unique_ptr<SseClient> stream(const std::string& user) {
    auto client = std::make_unique<SseClient>(
        server_->host(), server_->port(), "/api/events",
        std::map<std::string, std::string>{{"Authorization", "Bearer " + token(user)}});
    EXPECT_EQ(client->readHead(), 200);
    return client;
  }
};
INSTANTIATE_TEST_SUITE_P(Backends, WeddingGiftFeedTest, host::db::testing::kBothBackends,
                         host::db::testing::testBackendName);

TEST_P(WeddingGiftFeedTest, TheOwnerSeesEachGiftLiveAndNoOneElseDoes) {
  const std::string wedding_id = createWedding(as("owner"))["data"]["id"];
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

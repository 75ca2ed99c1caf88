// The weddings plugin over real HTTP with Taklifnoma's contract (shared/contracts.md §1, the
// seed where they differ): weddings with a slug from the Lua rule, the public guest page, gifts
// that only the owner lists, with exact totals; on SQLite and PostgreSQL.
#include <map>
#include <memory>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "tests/integration/weddings_test_support.hpp"

namespace atrium::testing {
namespace {

using Json = nlohmann::json;

using weddings::weddingBody;

class WeddingsTest : public weddings::WeddingsServerTest {
 protected:
  void SetUp() override {
    WeddingsServerTest::SetUp();
    startServer();
  }
};
INSTANTIATE_TEST_SUITE_P(Backends, WeddingsTest, host::db::testing::kBothBackends,
                         host::db::testing::testBackendName);

TEST_P(WeddingsTest, TheSlugComesFromTheLuaRuleWithASuffixWhenTaken) {
  const Headers couple = as("user-1");
  const Json first = createWedding(couple, weddingBody());
  EXPECT_EQ(first["success"], true);
  EXPECT_EQ(first["data"]["slug"], "aziz-va-malika");
  EXPECT_EQ(first["data"]["language"], "UZ");
  EXPECT_EQ(first["data"]["invitationStyle"], "classic");
  EXPECT_EQ(first["data"]["userId"], "user-1");
  EXPECT_EQ(createWedding(couple, weddingBody())["data"]["slug"], "aziz-va-malika-2");
  EXPECT_EQ(createWedding(as("user-2"), weddingBody())["data"]["slug"], "aziz-va-malika-3");
  EXPECT_EQ(createWedding(couple, weddingBody("Дмитрий", "Юлия"))["data"]["slug"],
            "dmitriy-va-yuliya");
}

TEST_P(WeddingsTest, AClientSlugIsUsedWhenValidAndFree) {
  const Headers couple = as("user-1");
  Json body = weddingBody();
  body["slug"] = "bizning-toy-2026";
  EXPECT_EQ(createWedding(couple, body)["data"]["slug"], "bizning-toy-2026");
  const Json taken = createWedding(couple, body, 409);
  EXPECT_EQ(taken["success"], false);
  EXPECT_EQ(taken["message"], "Bu havola band");
  body["slug"] = "Not A Slug!";
  EXPECT_EQ(createWedding(couple, body, 400)["success"], false);
}

TEST_P(WeddingsTest, BadFieldsAre400AndNothingIsStored) {
  const Headers couple = as("user-1");
  Json missing = weddingBody();
  missing.erase("brideName");
  const Json res = createWedding(couple, missing, 400);
  EXPECT_EQ(res["success"], false);
  EXPECT_NE(res["message"].get<std::string>().find("brideName"), std::string::npos) << res;
  Json bad_date = weddingBody();
  bad_date["weddingDate"] = "2026-02-30";
  EXPECT_NE(createWedding(couple, bad_date, 400)["message"].get<std::string>().find("weddingDate"),
            std::string::npos);
  Json bad_language = weddingBody();
  bad_language["language"] = "de";
  createWedding(couple, bad_language, 400);
  Json long_name = weddingBody(std::string(101, 'a'));
  createWedding(couple, long_name, 400);
  const auto not_json =
      server_->client().post("/api/weddings", "{oops", "application/json", couple);
  EXPECT_EQ(not_json.status, 400);
  const auto mine = server_->client().get("/api/weddings/my", couple);
  EXPECT_EQ(mine.json()["data"].size(), 0u) << mine.body;
}

TEST_P(WeddingsTest, CreatingNeedsAToken) {
  const auto res = server_->client().postJson("/api/weddings", weddingBody());
  EXPECT_EQ(res.status, 401);
  EXPECT_EQ(res.json()["message"], "Avtorizatsiya talab qilinadi");
}

TEST_P(WeddingsTest, MyWeddingsAreMineNewestFirst) {
  const Headers one = as("user-1");
  createWedding(one, weddingBody("Aziz", "Malika"));
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  createWedding(one, weddingBody("Bobur", "Dilnoza"));
  createWedding(as("user-2"), weddingBody("Sardor", "Laylo"));
  const auto res = server_->client().get("/api/weddings/my", one);
  ASSERT_EQ(res.status, 200) << res.body;
  const Json list = res.json()["data"];
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["groomName"], "Bobur");
  EXPECT_EQ(list[1]["groomName"], "Aziz");
}

TEST_P(WeddingsTest, TheGuestPageIsPublicWithInvitationsAndMedia) {
  createWedding(as("user-1"), weddingBody());
  const auto page = server_->client().get("/api/weddings/aziz-va-malika");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.json()["data"]["brideName"], "Malika");
  EXPECT_TRUE(page.json()["data"]["invitations"].is_array());
  EXPECT_TRUE(page.json()["data"]["media"].is_array());
  const auto missing = server_->client().get("/api/weddings/no-such-wedding");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.json()["message"], "To'y topilmadi");
  EXPECT_EQ(missing.json()["success"], false);
}

TEST_P(WeddingsTest, OnlyTheOwnerUpdatesAndDeletes) {
  const Headers owner = as("user-1");
  createWedding(owner, weddingBody());
  const auto stranger = server_->client().request("PUT", "/api/weddings/aziz-va-malika",
                                                  as("user-2"), Json{{"brideName", "X"}}.dump());
  EXPECT_EQ(stranger.status, 403);
  EXPECT_EQ(stranger.json()["message"], "Ruxsat berilmagan");
  const auto changed = server_->client().request("PUT", "/api/weddings/aziz-va-malika", owner,
                                                 Json{{"weddingLocation", "Samarqand"}}.dump());
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json()["data"]["weddingLocation"], "Samarqand");
  EXPECT_EQ(changed.json()["data"]["groomName"], "Aziz");
  EXPECT_EQ(
      server_->client().request("DELETE", "/api/weddings/aziz-va-malika", as("user-2")).status,
      403);
  EXPECT_EQ(server_->client().request("DELETE", "/api/weddings/aziz-va-malika", owner).status, 200);
  EXPECT_EQ(server_->client().get("/api/weddings/aziz-va-malika").status, 404);
}

TEST_P(WeddingsTest, GiftsAreExactAndOnlyTheOwnerListsThem) {
  const Headers owner = as("user-1");
  const std::string id = createWedding(owner, weddingBody())["data"]["id"];
  auto client = server_->client();
  const auto gift = client.postJson("/api/gifts", {{"weddingId", id},
                                                   {"guestName", "Olim aka"},
                                                   {"amount", "150000.50"},
                                                   {"message", "Baxt!"}});
  ASSERT_EQ(gift.status, 201) << gift.body;
  EXPECT_EQ(gift.json()["data"]["amount"], 150000.5);
  EXPECT_EQ(client.postJson("/api/gifts", {{"weddingId", id}, {"guestName", "B"}, {"amount", 0.1}})
                .status,
            201);
  EXPECT_EQ(client.postJson("/api/gifts", {{"weddingId", id}, {"guestName", "C"}, {"amount", 0.2}})
                .status,
            201);
  const auto list = client.get("/api/gifts/" + id, owner);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json()["data"].size(), 3u);
  EXPECT_EQ(list.json()["totalCount"], 3);
  EXPECT_EQ(list.json()["totalAmount"].dump(), "150000.8") << "0.1 + 0.2 is exact here";
  ASSERT_EQ(list.json()["byDay"].size(), 1u);
  EXPECT_EQ(list.json()["byDay"][0]["count"], 3);
  EXPECT_EQ(client.get("/api/gifts/" + id, as("user-2")).status, 403);
  EXPECT_EQ(client.get("/api/gifts/" + id).status, 401);
  const auto with_gifts = client.request("DELETE", "/api/weddings/aziz-va-malika", owner);
  EXPECT_EQ(with_gifts.status, 409);
  EXPECT_EQ(with_gifts.json()["success"], false);
  EXPECT_EQ(client.get("/api/weddings/aziz-va-malika").status, 200) << "nothing was deleted";
}

TEST_P(WeddingsTest, BadGiftsAre400Or404) {
  const std::string id = createWedding(as("user-1"), weddingBody())["data"]["id"];
  auto client = server_->client();
  for (const Json& amount : {Json(0), Json(-5), Json("1.234"), Json("abc"), Json(nullptr),
                             Json("1e5"), Json(true), Json(1e300)}) {
    const auto res =
        client.postJson("/api/gifts", {{"weddingId", id}, {"guestName", "G"}, {"amount", amount}});
    EXPECT_EQ(res.status, 400) << amount << " " << res.body;
  }
  EXPECT_EQ(client.postJson("/api/gifts", {{"weddingId", id}, {"amount", 5}}).status, 400);
  EXPECT_EQ(
      client.postJson("/api/gifts", {{"weddingId", "nope"}, {"guestName", "G"}, {"amount", 5}})
          .status,
      404);
  const auto huge = client.post("/api/gifts", std::string(20000, ' '), "application/json");
  EXPECT_EQ(huge.status, 413);
  const auto list = client.get("/api/gifts/" + id, as("user-1"));
  EXPECT_EQ(list.json()["data"].size(), 0u) << "nothing half-written";
}

TEST_P(WeddingsTest, InjectionStringsAreStoredVerbatim) {
  const std::string evil = "Robert'); DROP TABLE weddings;--";
  const Json created = createWedding(as("user-1"), weddingBody(evil, "Malika"));
  const auto page =
      server_->client().get("/api/weddings/" + created["data"]["slug"].get<std::string>());
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.json()["data"]["groomName"], evil);
}

}  // namespace
}  // namespace atrium::testing

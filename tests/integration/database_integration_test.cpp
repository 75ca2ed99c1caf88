// The data layer end to end: the real atrium binary serving the `items` fixture plugin
// (tests/fixtures/plugins/items) over real HTTP, on SQLite and on PostgreSQL, with the fixture
// migrations applied at start.
#include <atomic>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/host/db/test_database.hpp"
#include "tests/support/paths.hpp"
#include "tests/support/test_server.hpp"

namespace atrium::testing {
namespace {

using host::db::Backend;

// The product config: `url` is the database, the rest is fixed.
std::string itemsConfig(const std::string& url, const std::string& extra_database = "") {
  return R"(product: itemsdb
server:
  listen: "127.0.0.1:0"
  worker_threads: 8
database:
  url: ")" +
         url + R"("
  migrate: auto
  acquire_timeout: 1s
  migrations_dirs: ["@SOURCE_DIR@/sql", "@SOURCE_DIR@/tests/fixtures/sql"]
)" + extra_database +
         R"(plugin_dirs: ["@PLUGIN_DIR@/test"]
plugins:
  - name: items
envelopes:
  product:
    error: {success: false, code: "{{code}}", message: "{{message}}", request_id: "{{request_id}}"}
defaults:
  envelope: product
routes:
  - {method: GET, path: /items, handler: items.list}
  - {method: POST, path: /items, handler: items.create}
  - {method: GET, path: /items/:id, handler: items.get}
  - {method: POST, path: /items/:id/tags, handler: items.add_tag}
  - {method: POST, path: /tagged, handler: items.create_tagged}
  - {method: POST, path: /nested, handler: items.nested}
  - {method: POST, path: /counters/:name/increment, handler: items.increment}
)";
}

class DatabaseIntegrationTest : public host::db::testing::BothBackendsTest {
 protected:
  void SetUp() override {
    BothBackendsTest::SetUp();
    if (HasFatalFailure()) return;
    // SQLite: a file in the server's temp dir (relative to its working directory).
    const std::string url = GetParam() == Backend::kSqlite ? "sqlite://var/items.db" : url_text_;
    server_ = std::make_unique<TestServer>(itemsConfig(url));
  }
  void TearDown() override {
    if (server_) {
      EXPECT_EQ(server_->stop(), 0);
    }
    server_.reset();
    BothBackendsTest::TearDown();
  }
  std::unique_ptr<TestServer> server_;
};
INSTANTIATE_TEST_SUITE_P(Backends, DatabaseIntegrationTest, host::db::testing::kBothBackends,
                         host::db::testing::testBackendName);

TEST_P(DatabaseIntegrationTest, CreatesAndReadsTypedRows) {
  HttpClient client = server_->client();
  auto created =
      client.postJson("/items", {{"name", "lamp"}, {"price", 19.5}, {"in_stock", false}});
  ASSERT_EQ(created.status, 201) << created.body;
  const int64_t id = created.json()["id"].get<int64_t>();
  EXPECT_GT(id, 0);

  auto got = client.get("/items/" + std::to_string(id));
  ASSERT_EQ(got.status, 200) << got.body;
  const nlohmann::json item = got.json();
  EXPECT_TRUE(item["id"].is_number_integer());
  EXPECT_EQ(item["id"], id);
  EXPECT_EQ(item["name"], "lamp");
  EXPECT_TRUE(item["price"].is_number_float());
  EXPECT_EQ(item["price"], 19.5);
  EXPECT_TRUE(item["in_stock"].is_boolean()) << "a boolean on both backends: " << item;
  EXPECT_EQ(item["in_stock"], false);
  EXPECT_TRUE(item["note"].is_null());
  // ISO-8601 UTC on both backends.
  const std::string created_at = item["created_at"];
  EXPECT_EQ(created_at.size() >= 20 ? created_at.substr(10, 1) : "", "T") << created_at;
  EXPECT_EQ(created_at.back(), 'Z') << created_at;

  auto list = client.get("/items");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.json().size(), 1u);
}

TEST_P(DatabaseIntegrationTest, BadInputAndMissingRows) {
  HttpClient client = server_->client();
  auto missing = client.get("/items/424242");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.json()["code"], "not_found");
  auto not_a_number = client.get("/items/abc");
  EXPECT_EQ(not_a_number.status, 400);
  auto no_name = client.postJson("/items", {{"price", 1}});
  EXPECT_EQ(no_name.status, 400);
  EXPECT_EQ(no_name.json()["message"], "name is required (a non-empty string)");
}

TEST_P(DatabaseIntegrationTest, ConstraintViolationsAreTypedErrorsNotServerErrors) {
  HttpClient client = server_->client();
  ASSERT_EQ(client.postJson("/items", {{"name", "lamp"}, {"price", 1}}).status, 201);

  auto duplicate = client.postJson("/items", {{"name", "lamp"}, {"price", 2}});
  EXPECT_EQ(duplicate.status, 409) << duplicate.body;
  EXPECT_EQ(duplicate.json()["code"], "duplicate_name");

  auto negative = client.postJson("/items", {{"name", "cheap"}, {"price", -1}});
  EXPECT_EQ(negative.status, 400) << "CHECK (price >= 0): " << negative.body;
  EXPECT_EQ(negative.json()["code"], "invalid");
  EXPECT_EQ(negative.json()["message"], "The data is invalid");

  auto orphan = client.postJson("/items/999999/tags", {{"tag", "x"}});
  EXPECT_EQ(orphan.status, 400) << "foreign key: " << orphan.body;
  EXPECT_EQ(orphan.json()["code"], "invalid_reference");

  // The database's own text goes to the log with the request id, never to the client.
  EXPECT_EQ(negative.body.find("price"), std::string::npos) << negative.body;
  const auto lines = server_->logLines();
  bool logged = false;
  for (const auto& line : lines) {
    if (line.value("request_id", "") == negative.json()["request_id"] &&
        line.value("msg", "").rfind("invalid: ", 0) == 0) {
      logged = true;
    }
  }
  EXPECT_TRUE(logged) << server_->logText();
}

TEST_P(DatabaseIntegrationTest, AHandlerThatThrowsMidTransactionLeavesNoPartialWrite) {
  HttpClient client = server_->client();
  auto ok = client.postJson("/tagged", {{"name", "a"}, {"tags", {"x", "y"}}});
  EXPECT_EQ(ok.status, 201) << ok.body;
  auto failed =
      client.postJson("/tagged", {{"name", "b"}, {"tags", {"fine", std::string(40, 'l')}}});
  EXPECT_EQ(failed.status, 500) << failed.body;
  EXPECT_FALSE(failed.json()["request_id"].get<std::string>().empty());
  EXPECT_EQ(failed.body.find("tag too long"), std::string::npos) << "the detail stays in the log";
  // Item "b" and its first tag were rolled back; the connection went back to the pool clean:
  // every later request works (the pool has 4 connections; 20 requests reuse each).
  for (int i = 0; i < 20; ++i) {
    auto list = client.get("/items");
    ASSERT_EQ(list.status, 200);
    ASSERT_EQ(list.json().size(), 1u) << list.body;
    EXPECT_EQ(list.json()[0]["name"], "a");
  }
  auto again = client.postJson("/tagged", {{"name", "b"}, {"tags", {"fine"}}});
  EXPECT_EQ(again.status, 201) << "name 'b' was never written: " << again.body;
}

TEST_P(DatabaseIntegrationTest, ARolledBackSavepointKeepsTheOuterWork) {
  HttpClient client = server_->client();
  auto nested = client.postJson("/nested", {{"outer", "kept"}, {"inner", "dropped"}});
  ASSERT_EQ(nested.status, 201) << nested.body;
  auto list = client.get("/items").json();
  ASSERT_EQ(list.size(), 1u) << list;
  EXPECT_EQ(list[0]["name"], "kept");
}

TEST_P(DatabaseIntegrationTest, ConcurrentReadModifyWriteOverHttpLosesNoUpdate) {
  constexpr int kThreads = 8;
  constexpr int kIncrements = 20;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      HttpClient client = server_->client();
      for (int i = 0; i < kIncrements; ++i) {
        if (client.post("/counters/hits/increment", "").status != 200) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  HttpClient client = server_->client();
  auto last = client.post("/counters/hits/increment", "");
  ASSERT_EQ(last.status, 200);
  EXPECT_EQ(last.json()["value"], kThreads * kIncrements + 1);
}

TEST_P(DatabaseIntegrationTest, MetricsCountStatementsByName) {
  HttpClient client = server_->client();
  ASSERT_EQ(client.postJson("/items", {{"name", "lamp"}, {"price", 1}}).status, 201);
  ASSERT_EQ(client.get("/items/1").status, 200);
  ASSERT_EQ(client.postJson("/items", {{"name", "lamp"}, {"price", 1}}).status, 409);
  const std::string metrics = client.get("/metrics").body;
  for (const char* line : {
           "atrium_db_queries_total{statement=\"items.create\",outcome=\"ok\"} 1\n",
           "atrium_db_queries_total{statement=\"items.create\",outcome=\"unique_violation\"} 1\n",
           "atrium_db_queries_total{statement=\"items.get\",outcome=\"ok\"} 1\n",
           "atrium_db_up 1\n",
       }) {
    EXPECT_NE(metrics.find(line), std::string::npos) << line << metrics;
  }
  auto ready = client.get("/ready");
  EXPECT_EQ(ready.status, 200) << ready.body;
}

}  // namespace
}  // namespace atrium::testing

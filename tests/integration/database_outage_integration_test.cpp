// The database goes away while atrium serves, and comes back: requests that need it fail fast
// with 503 in the product's envelope, /ready turns 503, and service recovers by itself — no
// restart, no acknowledged write lost. The test runs its own PostgreSQL (tools/pg_test_cluster.sh)
// so that stopping it disturbs no other test.
#include <atomic>
#include <cstdio>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/paths.hpp"
#include "tests/support/test_server.hpp"

namespace atrium::testing {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

// Runs tools/pg_test_cluster.sh with `args`; returns its stdout.
std::string clusterTool(const std::string& args) {
  const std::string command =
      (sourceDir() / "tools" / "pg_test_cluster.sh").string() + " " + args + " 2>/dev/null";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("popen failed: " + command);
  std::string out;
  char buf[512];
  while (size_t n = std::fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  const int status = ::pclose(pipe);
  if (status != 0)
    throw std::runtime_error(command + " failed with status " + std::to_string(status));
  return out;
}

std::string valueOf(const std::string& text, const std::string& key) {
  const size_t at = text.find(key + "=");
  if (at == std::string::npos) return {};
  const size_t end = text.find('\n', at);
  return text.substr(at + key.size() + 1, end - at - key.size() - 1);
}

class OwnCluster {
 public:
  OwnCluster() {
    const std::string env = clusterTool("start");
    url_ = valueOf(env, "ATRIUM_TEST_PG_URL");
    dir_ = valueOf(env, "ATRIUM_TEST_PG_DIR");
  }
  ~OwnCluster() {
    try {
      clusterTool("stop " + dir_);
    } catch (...) {}
  }
  void pause() { clusterTool("pause " + dir_); }
  void resume() { clusterTool("resume " + dir_); }
  const std::string& url() const { return url_; }

 private:
  std::string url_;
  std::string dir_;
};

struct Outcome {
  int status;
  int64_t id;  // for 201
  milliseconds latency;
};

template <typename Pred>
bool eventually(Pred pred, milliseconds limit) {
  const auto deadline = Clock::now() + limit;
  while (Clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(milliseconds(25));
  }
  return pred();
}

TEST(DatabaseOutageIntegrationTest, ServesThroughALostDatabaseAndRecoversWithoutLosingWrites) {
  OwnCluster cluster;
  ASSERT_FALSE(cluster.url().empty());
  TestServer server(R"(product: outage
server:
  listen: "127.0.0.1:0"
  worker_threads: 8
database:
  url: ")" + cluster.url() +
                    R"("
  migrate: auto
  pool_size: 4
  acquire_timeout: 1s
  migrations_dirs: ["@SOURCE_DIR@/sql", "@SOURCE_DIR@/tests/fixtures/sql"]
plugin_dirs: ["@PLUGIN_DIR@/test"]
plugins:
  - name: items
envelopes:
  product:
    error: {success: false, code: "{{code}}", message: "{{message}}"}
defaults:
  envelope: product
routes:
  - {method: GET, path: /items, handler: items.list}
  - {method: POST, path: /items, handler: items.create}
)");
  const pid_t pid = server.pid();

  // Light load: one writer, one request at a time.
  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::vector<Outcome> outcomes;
  std::thread writer([&] {
    HttpClient client = server.client(std::chrono::seconds(10));
    for (int i = 0; !stop.load(); ++i) {
      const auto started = Clock::now();
      auto response = client.postJson("/items", {{"name", "w" + std::to_string(i)}, {"price", 1}});
      const auto latency = std::chrono::duration_cast<milliseconds>(Clock::now() - started);
      int64_t id = 0;
      if (response.status == 201) id = response.json()["id"].get<int64_t>();
      if (response.status == 503) {
        EXPECT_EQ(response.json()["code"], "unavailable") << response.body;
        EXPECT_EQ(response.json()["success"], false) << "the product's envelope";
      }
      {
        std::lock_guard lock(mutex);
        outcomes.push_back({response.status, id, latency});
      }
      std::this_thread::sleep_for(milliseconds(5));
    }
  });
  auto count = [&](int status) {
    std::lock_guard lock(mutex);
    size_t n = 0;
    for (const auto& o : outcomes) n += o.status == status ? 1 : 0;
    return n;
  };
  HttpClient probe = server.client();
  auto readyStatus = [&] { return probe.get("/ready").status; };

  EXPECT_TRUE(eventually([&] { return count(201) >= 20; }, milliseconds(10000)));
  EXPECT_EQ(readyStatus(), 200);

  cluster.pause();
  EXPECT_TRUE(eventually([&] { return count(503) >= 3; }, milliseconds(10000)))
      << "writes fail with 503 while the database is down";
  EXPECT_TRUE(eventually([&] { return readyStatus() == 503; }, milliseconds(5000)));
  auto ready = probe.get("/ready");
  EXPECT_EQ(ready.json()["reasons"], nlohmann::json({"database"})) << ready.body;
  std::this_thread::sleep_for(milliseconds(1000));  // an outage of a while, under load

  cluster.resume();
  const size_t created_before = count(201);
  EXPECT_TRUE(eventually([&] { return readyStatus() == 200; }, milliseconds(10000)))
      << "/ready recovers by itself";
  EXPECT_TRUE(eventually([&] { return count(201) >= created_before + 20; }, milliseconds(10000)))
      << "writes succeed again without a restart";
  stop = true;
  writer.join();

  EXPECT_TRUE(server.running());
  EXPECT_EQ(server.pid(), pid) << "atrium was not restarted";
  std::set<int64_t> acknowledged;
  milliseconds slowest_failure{0};
  for (const auto& o : outcomes) {
    EXPECT_TRUE(o.status == 201 || o.status == 503) << "unexpected status " << o.status;
    if (o.status == 201) acknowledged.insert(o.id);
    if (o.status == 503) slowest_failure = std::max(slowest_failure, o.latency);
  }
  // Fail fast: bounded by the acquire timeout (1 s), never a hang.
  EXPECT_LT(slowest_failure, milliseconds(2500));

  auto list = server.client().get("/items");
  ASSERT_EQ(list.status, 200);
  std::set<int64_t> stored;
  for (const auto& item : list.json()) stored.insert(item["id"].get<int64_t>());
  for (const int64_t id : acknowledged) {
    EXPECT_TRUE(stored.count(id) == 1) << "acknowledged item " << id << " was lost";
  }
  EXPECT_TRUE(server.waitForLog(
      "database unreachable: requests that need it get 503 until it is back", milliseconds(100)));
  EXPECT_TRUE(server.waitForLog("database reachable again", milliseconds(100)));
  EXPECT_EQ(server.stop(), 0);
}

}  // namespace
}  // namespace atrium::testing

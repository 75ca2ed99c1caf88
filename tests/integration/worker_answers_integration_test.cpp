// Answers computed on worker threads reach the client's socket: they go through the reactor
// thread's mailbox (host/server/reactor_mailbox.hpp), never through Pistache 0.0.5's own
// cross-thread write queue, which can lose its wake-up and leave an answer unsent.
#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/integration/integration_config.hpp"
#include "tests/support/test_server.hpp"

namespace atrium::testing {
namespace {

// Clients keep a worker-pool route busy, then stop together: answers are written while the
// reactor parses other requests, and once the clients stop nothing else would wake a reactor
// that missed an answer. With Pistache's own cross-thread queue (a lost wake-up) a client
// waited forever here in about one run of four.
TEST(WorkerAnswersTest, EveryClientUnderContinuousLoadGetsItsOwnAnswer) {
  TestServer server(hostCoreConfig());
  constexpr int kClients = 4;
  std::atomic<bool> stop{false};
  std::atomic<int> wrong{0};
  std::atomic<int> answered{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      HttpClient client = server.client(std::chrono::seconds(5));
      for (int i = 0; !stop; ++i) {
        const std::string id = std::to_string(c) + "-" + std::to_string(i);
        try {
          auto response = client.get("/echo/" + id);
          if (response.status == 200 && response.json()["params"]["id"] == id) {
            ++answered;
            continue;
          }
        } catch (const HttpClientError&) {}
        ++wrong;
        return;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  stop = true;
  for (auto& client : clients) client.join();
  EXPECT_EQ(wrong.load(), 0) << "of " << answered.load() << " answered";
  EXPECT_GT(answered.load(), 0);
}

TEST(WorkerAnswersTest, AChannelLeftQuietPastTheKeepAliveTimeoutIsReopened) {
  // Pistache closes the reactor channel's peer like any idle connection once no request came
  // for the keep-alive timeout; the next request opens a new one.
  TestServer server(hostCoreConfig("  keepalive_timeout: 1s\n"));
  EXPECT_EQ(server.client().get("/echo/first").status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(2200));
  std::vector<std::thread> clients;
  std::atomic<int> ok{0};
  for (int c = 0; c < 4; ++c) {
    clients.emplace_back([&] {
      HttpClient client = server.client();
      for (int i = 0; i < 25; ++i) {
        if (client.get("/echo/again").status == 200) ++ok;
      }
    });
  }
  for (auto& client : clients) client.join();
  EXPECT_EQ(ok.load(), 100);
  EXPECT_EQ(server.logText().find("cannot open the reactor channel"), std::string::npos);
}

}  // namespace
}  // namespace atrium::testing

// Server-sent events through the real binary over real sockets: tokens from authkit, events
// published by a plugin (eventkit, ABI 1.3) and by a Lua script route, topic rules decided by a
// Lua rule and by a plugin handler, tickets, resume with Last-Event-ID, reset, and the
// descriptor-reuse race.
#include <dirent.h>

#include <fstream>
#include <memory>
#include <thread>
#include <tuple>

#include <gtest/gtest.h>

#include "tests/support/sse_client.hpp"
#include "tests/support/test_server.hpp"

namespace atrium::testing {
namespace {

using Json = nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* kSecret = "events-integration-secret-0123456789-abcdefghij";

std::string eventsConfig(const std::string& events_extra = "") {
  return R"(product: eventstest
server:
  listen: "127.0.0.1:0"
  worker_threads: 4
scripts:
  dir: "@TEST_DIR@/scripts"
plugin_dirs: ["@PLUGIN_DIR@/test"]
plugins:
  - name: authkit
  - name: eventkit
auth:
  secret: ${ATRIUM_TEST_JWT_SECRET}
events:
  buffer_size: 3
  ticket_ttl: 1s
  heartbeat_interval: 300
  topics:
    - {pattern: "room:*", script: rules/rooms, function: can_follow}
    - {pattern: "plugin:*", handler: eventkit.can_follow}
)" + events_extra +
         R"(
routes:
  - {method: POST, path: /issue, handler: authkit.issue}
  - {method: POST, path: /publish, handler: eventkit.publish}
  - {method: POST, path: /script/publish, script: publish}
)";
}

TestServerOptions eventsOptions() {
  TestServerOptions options;
  options.env["ATRIUM_TEST_JWT_SECRET"] = kSecret;
  options.files["scripts/rules/rooms.lua"] = R"(return {can_follow = function(args)
  return args.topic == "room:lobby" or args.topic == "room:" .. args.user.sub
end})";
  options.files["scripts/publish.lua"] = R"(local atrium = require("atrium")
return {handle = function(req)
  local id, err = atrium.events.publish(req.body.channel, req.body.name, req.body.data)
  if not id then return {status = 400, body = {error = err}} end
  return {id = id}
end})";
  return options;
}

class EventsIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!server_) server_ = std::make_unique<TestServer>(eventsConfig(), eventsOptions());
  }
  static void TearDownTestSuite() { server_.reset(); }

  static std::string token(const std::string& sub) {
    const auto res = server_->client().postJson("/issue", {{"sub", sub}, {"role", "USER"}});
    EXPECT_EQ(res.status, 200) << res.body;
    return res.json().at("token").get<std::string>();
  }
  static std::map<std::string, std::string> bearer(const std::string& sub) {
    return {{"Authorization", "Bearer " + token(sub)}};
  }
  static std::unique_ptr<SseClient> open(const std::string& target,
                                         const std::map<std::string, std::string>& headers) {
    auto client = std::make_unique<SseClient>(server_->host(), server_->port(), target, headers);
    return client;
  }
  static uint64_t publish(const std::string& channel, const std::string& name, const Json& data) {
    const auto res = server_->client().postJson(
        "/publish", {{"channel", channel}, {"name", name}, {"data", data}});
    EXPECT_EQ(res.status, 200) << res.body;
    return res.json().at("id").get<uint64_t>();
  }
  static std::string ticketFor(const std::string& sub) {
    Headers headers{{"Authorization", "Bearer " + token(sub)}};
    const auto res =
        server_->client().post("/api/v1/events/ticket", "", "application/json", headers);
    EXPECT_EQ(res.status, 200) << res.body;
    EXPECT_EQ(res.json().at("expires_in"), 1);
    return res.json().at("ticket").get<std::string>();
  }

  static std::unique_ptr<TestServer> server_;
};
std::unique_ptr<TestServer> EventsIntegrationTest::server_;

TEST_F(EventsIntegrationTest, ASubscriberReceivesItsEventsInOrderAndNeverAnotherUsers) {
  auto alice = open("/api/v1/events", bearer("alice"));
  auto bob = open("/api/v1/events", bearer("bob"));
  ASSERT_EQ(alice->readHead(), 200);
  ASSERT_EQ(bob->readHead(), 200);
  EXPECT_EQ(alice->header("Content-Type"), "text/event-stream; charset=utf-8");
  EXPECT_EQ(alice->header("Cache-Control"), "no-store");
  EXPECT_TRUE(alice->header("X-Request-Id"));
  std::vector<uint64_t> ids;
  for (int i = 0; i < 20; ++i) {
    ids.push_back(publish("user:alice", "note", {{"n", i}}));
    publish("user:bob", "secret", {{"for", "bob"}});
  }
  for (int i = 0; i < 20; ++i) {
    auto event = alice->next();
    ASSERT_TRUE(event) << "event " << i;
    EXPECT_EQ(event->event, "note");
    EXPECT_EQ(event->id, std::to_string(ids[static_cast<size_t>(i)]));
    EXPECT_EQ(Json::parse(event->data), Json({{"n", i}}));
  }
  EXPECT_FALSE(alice->next(300ms));  // nothing of bob's
  auto first_bob = bob->next();
  ASSERT_TRUE(first_bob);
  EXPECT_EQ(first_bob->event, "secret");
}

TEST_F(EventsIntegrationTest, ALuaScriptPublishesThroughAtriumEvents) {
  auto carol = open("/api/v1/events", bearer("carol"));
  ASSERT_EQ(carol->readHead(), 200);
  const auto res = server_->client().postJson(
      "/script/publish",
      {{"channel", "user:carol"}, {"name", "from.lua"}, {"data", {{"ok", true}}}});
  ASSERT_EQ(res.status, 200) << res.body;
  auto event = carol->next();
  ASSERT_TRUE(event);
  EXPECT_EQ(event->event, "from.lua");
  EXPECT_EQ(event->id, std::to_string(res.json()["id"].get<uint64_t>()));
  EXPECT_EQ(Json::parse(event->data), Json({{"ok", true}}));
  // Bad input is nil, err for the script.
  const auto bad = server_->client().postJson(
      "/script/publish", {{"channel", "bad channel!"}, {"name", "x"}, {"data", 1}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.json()["error"].get<std::string>().find("channel"), std::string::npos);
}

TEST_F(EventsIntegrationTest, APluginPublishWithBadInputIs500AndPublishesNothing) {
  const auto res =
      server_->client().postJson("/publish", {{"channel", "user:x y"}, {"name", "e"}, {"data", 1}});
  EXPECT_EQ(res.status, 500);
}

TEST_F(EventsIntegrationTest, TopicsAllowedByTheLuaRuleAndThePluginAreFollowed) {
  auto dave = open("/api/v1/events?topic=room:lobby,room:dave,plugin:dave", bearer("dave"));
  ASSERT_EQ(dave->readHead(), 200);
  publish("room:lobby", "a", 1);
  publish("room:other", "x", 0);
  publish("room:dave", "b", 2);
  publish("plugin:dave", "c", 3);
  for (const char* name : {"a", "b", "c"}) {
    auto event = dave->next();
    ASSERT_TRUE(event) << name;
    EXPECT_EQ(event->event, name);
  }
}

TEST_F(EventsIntegrationTest, AnUnauthorisedTopicIsRefusedBeforeTheStreamOpens) {
  for (const char* target : {"/api/v1/events?topic=room:erin", "/api/v1/events?topic=plugin:erin",
                             "/api/v1/events?topic=user:erin", "/api/v1/events?topic=norule:1"}) {
    auto client = open(target, bearer("frank"));
    ASSERT_EQ(client->readHead(), 403) << target;
    const Json body = Json::parse(client->body());
    EXPECT_EQ(body["error"]["code"], "topic_forbidden") << target;
  }
  auto bad = open("/api/v1/events?topic=bad%20topic", bearer("frank"));
  EXPECT_EQ(bad->readHead(), 400);
}

TEST_F(EventsIntegrationTest, NoCredentialsOrABadTokenIs401) {
  auto anonymous = open("/api/v1/events", {});
  EXPECT_EQ(anonymous->readHead(), 401);
  auto forged = open("/api/v1/events", {{"Authorization", "Bearer not.a.token"}});
  EXPECT_EQ(forged->readHead(), 401);
  auto bad_ticket = open("/api/v1/events?ticket=nope", {});
  EXPECT_EQ(bad_ticket->readHead(), 401);
  EXPECT_EQ(server_->client().post("/api/v1/events/ticket", "").status, 401);
}

TEST_F(EventsIntegrationTest, ATicketOpensOneStreamOnlyAndExpires) {
  const std::string ticket = ticketFor("gina");
  auto first = open("/api/v1/events?ticket=" + ticket, {});
  ASSERT_EQ(first->readHead(), 200);
  auto second = open("/api/v1/events?ticket=" + ticket, {});
  EXPECT_EQ(second->readHead(), 401);  // single use
  publish("user:gina", "hi", 1);
  auto event = first->next();
  ASSERT_TRUE(event);
  EXPECT_EQ(event->event, "hi");
  const std::string stale = ticketFor("gina");
  std::this_thread::sleep_for(1200ms);  // ticket_ttl: 1s
  auto late = open("/api/v1/events?ticket=" + stale, {});
  EXPECT_EQ(late->readHead(), 401);
}

TEST_F(EventsIntegrationTest, ResumeWithLastEventIdReplaysWhatWasMissed) {
  const uint64_t seen = publish("user:hank", "e", 1);
  const uint64_t missed1 = publish("user:hank", "e", 2);
  const uint64_t missed2 = publish("user:hank", "e", 3);
  auto headers = bearer("hank");
  headers["Last-Event-ID"] = std::to_string(seen);
  auto client = open("/api/v1/events", headers);
  ASSERT_EQ(client->readHead(), 200);
  auto a = client->next();
  auto b = client->next();
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->id, std::to_string(missed1));
  EXPECT_EQ(b->id, std::to_string(missed2));
  // And the query form for a new EventSource.
  auto again = open("/api/v1/events?last_event_id=" + std::to_string(missed1), bearer("hank"));
  ASSERT_EQ(again->readHead(), 200);
  auto c = again->next();
  ASSERT_TRUE(c);
  EXPECT_EQ(c->id, std::to_string(missed2));
  auto bad = open("/api/v1/events?last_event_id=abc", bearer("hank"));
  EXPECT_EQ(bad->readHead(), 400);
}

TEST_F(EventsIntegrationTest, AGapOlderThanTheBufferGetsAResetEvent) {
  const uint64_t seen = publish("user:ivy", "e", 0);
  for (int i = 0; i < 5; ++i) publish("user:ivy", "e", i);  // buffer_size: 3
  auto headers = bearer("ivy");
  headers["Last-Event-ID"] = std::to_string(seen);
  auto client = open("/api/v1/events", headers);
  ASSERT_EQ(client->readHead(), 200);
  auto event = client->next();
  ASSERT_TRUE(event);
  EXPECT_EQ(event->event, "reset");
  const uint64_t next = publish("user:ivy", "after", 1);
  auto after = client->next();
  ASSERT_TRUE(after);
  EXPECT_EQ(after->id, std::to_string(next));
}

TEST_F(EventsIntegrationTest, IdleStreamsGetHeartbeats) {
  auto client = open("/api/v1/events", bearer("jack"));
  ASSERT_EQ(client->readHead(), 200);
  // heartbeat_interval is 300 ms; a loaded CI machine may run the writer late, so wait up to
  // 6 s for two heartbeats (no event may arrive meanwhile).
  for (int i = 0; i < 20 && client->comments() < 2; ++i) EXPECT_FALSE(client->next(300ms));
  EXPECT_GE(client->comments(), 2u);
}

TEST_F(EventsIntegrationTest, MetricsCountStreamsAndEvents) {
  auto client = open("/api/v1/events", bearer("kim"));
  ASSERT_EQ(client->readHead(), 200);
  publish("user:kim", "e", 1);
  ASSERT_TRUE(client->next());
  const auto metrics = server_->client().get("/metrics");
  EXPECT_NE(metrics.body.find("atrium_events_open_streams "), std::string::npos);
  EXPECT_NE(metrics.body.find("atrium_events_published_total "), std::string::npos);
  EXPECT_NE(metrics.body.find("atrium_events_fanout_latency_seconds_count "), std::string::npos);
}

size_t openDescriptors(pid_t pid) {
  size_t count = 0;
  const std::string dir = "/proc/" + std::to_string(pid) + "/fd";
  if (DIR* d = ::opendir(dir.c_str())) {
    while (::readdir(d) != nullptr) ++count;
    ::closedir(d);
  }
  return count;
}

// A client's descriptor number, freed when it leaves, is taken by the next connection. While
// one user's events are being published, other users keep connecting and disconnecting: no new
// connection may ever receive an event that was not its own.
TEST_F(EventsIntegrationTest, AReusedDescriptorNeverReceivesAnotherClientsEvents) {
  std::atomic<bool> stop{false};
  std::thread publisher([&] {
    auto client = server_->client();
    while (!stop.load()) {
      client.postJson("/publish", {{"channel", "user:victim"}, {"name", "private"}, {"data", 1}});
    }
  });
  auto victim_headers = bearer("victim");
  auto other_headers = bearer("other");
  for (int round = 0; round < 150; ++round) {
    {
      auto victim = open("/api/v1/events", victim_headers);
      ASSERT_EQ(victim->readHead(), 200);
      victim->next(20ms);
    }  // the victim leaves mid-stream; its number is free
    auto other = open("/api/v1/events", other_headers);
    ASSERT_EQ(other->readHead(), 200);
    auto event = other->next(30ms);
    EXPECT_FALSE(event) << "round " << round << " got " << event->event;
  }
  stop.store(true);
  publisher.join();
}

size_t residentKiB(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoul(line.substr(6));
  }
  return 0;
}

// 1,000 streams opened and dropped while events are published to them and other requests run:
// no crash, and neither descriptors nor memory grow.
TEST_F(EventsIntegrationTest, ConnectDisconnectCyclesUnderLoadLeaveNoDescriptorsOrMemoryBehind) {
  const auto headers = bearer("churn");
  std::atomic<bool> stop{false};
  std::thread publisher([&] {
    auto client = server_->client();
    while (!stop.load()) {
      client.postJson("/publish", {{"channel", "user:churn"}, {"name", "tick"}, {"data", 1}});
    }
  });
  std::thread other_load([&] {
    auto client = server_->client();
    while (!stop.load()) client.get("/health");
  });
  auto cycles = [&](int n) {
    for (int i = 0; i < n; ++i) {
      SseClient client(server_->host(), server_->port(), "/api/v1/events", headers);
      ASSERT_EQ(client.readHead(), 200) << i;
      if (i % 3 == 0) client.next(5ms);  // some leave mid-event, some right after the head
    }
  };
  cycles(200);  // warm-up: buffers, allocator arenas, thread caches
  auto settled = [&] {
    std::this_thread::sleep_for(300ms);
    return std::make_pair(openDescriptors(server_->pid()), residentKiB(server_->pid()));
  };
  const auto [fds_before, rss_before] = settled();
  cycles(1000);
  stop.store(true);
  publisher.join();
  other_load.join();
  size_t fds_after = 0;
  size_t rss_after = 0;
  for (int i = 0; i < 30; ++i) {
    std::tie(fds_after, rss_after) = settled();
    if (fds_after <= fds_before + 2) break;
  }
  EXPECT_LE(fds_after, fds_before + 2) << "descriptors before " << fds_before;
#if defined(__SANITIZE_ADDRESS__)
  // ASan keeps freed memory in its quarantine (256 MiB by default), so the server's RSS grows
  // with every allocation; leaks are LeakSanitizer's job under ASan.
  (void)rss_after;
  (void)rss_before;
#else
  EXPECT_LE(rss_after, rss_before + 4096) << "RSS KiB before " << rss_before;
#endif
  EXPECT_TRUE(server_->running());
  const auto metrics = server_->client().get("/metrics");
  EXPECT_NE(metrics.body.find("atrium_events_open_streams 0\n"), std::string::npos);
}

// Two instances on one PostgreSQL database: an event published through instance A reaches a
// client of instance B (NOTIFY payload, and the events table for a large one), in order, and a
// client can resume on A after an event it saw on B.
// Two instances, A and B, on the test PostgreSQL database (skipped without one).
class EventsMultiInstanceIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* pg = std::getenv("ATRIUM_TEST_PG_URL");
    if (pg == nullptr || *pg == '\0')
      GTEST_SKIP() << "set ATRIUM_TEST_PG_URL (tools/pg_test_cluster.sh)";
    const std::string config =
        eventsConfig() + "database:\n  url: ${ATRIUM_TEST_PG_URL}\n  migrate: auto\n";
    a_ = std::make_unique<TestServer>(config, eventsOptions());
    b_ = std::make_unique<TestServer>(config, eventsOptions());
  }
  // The Authorization header of a USER token of `sub` (issued by A; any instance accepts it).
  std::map<std::string, std::string> bearerOf(const std::string& sub) {
    const auto issued = a_->client().postJson("/issue", {{"sub", sub}, {"role", "USER"}});
    EXPECT_EQ(issued.status, 200) << issued.body;
    return {{"Authorization", "Bearer " + issued.json().value("token", "")}};
  }
  std::unique_ptr<TestServer> a_;
  std::unique_ptr<TestServer> b_;
};

TEST_F(EventsMultiInstanceIntegrationTest, AnEventPublishedOnOneInstanceReachesAClientOfAnother) {
  TestServer& a = *a_;
  TestServer& b = *b_;
  const std::map<std::string, std::string> auth = bearerOf("multi");
  SseClient on_b(b.host(), b.port(), "/api/v1/events", auth);
  ASSERT_EQ(on_b.readHead(), 200);
  auto publishOnA = [&](const Json& data) {
    const auto res =
        a.client().postJson("/publish", {{"channel", "user:multi"}, {"name", "x"}, {"data", data}});
    EXPECT_EQ(res.status, 200) << res.body;
    return res.json()["id"].get<uint64_t>();
  };
  // B's listener connects at start: publish until the first one gets through.
  std::optional<SseEvent> first;
  for (int i = 0; i < 50 && !first; ++i) {
    publishOnA({{"warmup", i}});
    first = on_b.next(200ms);
  }
  ASSERT_TRUE(first) << "no event crossed from A to B";
  while (on_b.next(300ms)) {}
  std::vector<uint64_t> ids;
  for (int i = 0; i < 10; ++i) ids.push_back(publishOnA({{"n", i}}));
  const std::string big(20000, 'b');  // above a NOTIFY payload: travels through atrium_events
  ids.push_back(publishOnA({{"big", big}}));
  for (size_t i = 0; i < ids.size(); ++i) {
    auto event = on_b.next();
    ASSERT_TRUE(event) << i;
    EXPECT_EQ(event->id, std::to_string(ids[i]));
    if (i == ids.size() - 1) {
      EXPECT_EQ(Json::parse(event->data)["big"], big);
    }
  }
  // Resume on A after an event seen on B.
  SseClient on_a(a.host(), a.port(), "/api/v1/events?last_event_id=" + std::to_string(ids[8]),
                 auth);
  ASSERT_EQ(on_a.readHead(), 200);
  auto resumed = on_a.next();
  ASSERT_TRUE(resumed);
  EXPECT_EQ(resumed->id, std::to_string(ids[9]));
}

TEST(EventsConfigIntegrationTest, UnknownTopicRuleTargetsStopTheStart) {
  TestServerOptions options = eventsOptions();
  options.files["scripts/rules/rooms.lua"] = "return {}";
  std::string config = eventsConfig();
  const std::string needle = "handler: eventkit.can_follow";
  config.replace(config.find(needle), needle.size(), "handler: eventkit.nope");
  EXPECT_THROW(TestServer(config, options), TestServerError);
}

TEST(EventsConfigIntegrationTest, DisabledEventsServeNoEndpoint) {
  TestServer server(eventsConfig("  enabled: false\n"), eventsOptions());
  EXPECT_EQ(server.client().get("/api/v1/events").status, 404);
  const auto res =
      server.client().postJson("/publish", {{"channel", "user:a"}, {"name", "e"}, {"data", 1}});
  EXPECT_EQ(res.status, 500);
}

// Behind a load balancer the browser's POST .../ticket and its EventSource may reach different
// instances: with PostgreSQL the ticket is in the database, so instance B redeems what A
// issued, once across both.
TEST_F(EventsMultiInstanceIntegrationTest, ATicketIssuedByOneInstanceOpensAStreamOnAnother) {
  TestServer& a = *a_;
  TestServer& b = *b_;
  const auto bearer = bearerOf("lb-user");
  const Headers auth{{"Authorization", bearer.at("Authorization")}};
  const auto ticket = a.client().post("/api/v1/events/ticket", "", "application/json", auth);
  ASSERT_EQ(ticket.status, 200) << ticket.body;
  const std::string value = ticket.json()["ticket"];

  SseClient on_b(b.host(), b.port(), "/api/v1/events?ticket=" + value);
  ASSERT_EQ(on_b.readHead(), 200);
  // Used up on every instance.
  SseClient again_a(a.host(), a.port(), "/api/v1/events?ticket=" + value);
  EXPECT_EQ(again_a.readHead(), 401);
  SseClient again_b(b.host(), b.port(), "/api/v1/events?ticket=" + value);
  EXPECT_EQ(again_b.readHead(), 401);
  // The stream on B is the ticket's user's.
  std::optional<SseEvent> event;
  for (int i = 0; i < 50 && !event; ++i) {
    a.client().postJson("/publish", {{"channel", "user:lb-user"}, {"name", "x"}, {"data", i}});
    event = on_b.next(200ms);
  }
  ASSERT_TRUE(event) << "no event reached the stream opened with the ticket";
  EXPECT_EQ(event->event, "x");
}

}  // namespace
}  // namespace atrium::testing

#include "host/services/events/event_hub.hpp"

#include <gtest/gtest.h>

#include "tests/host/services/events/socket_pair.hpp"

namespace atrium::host::events {
namespace {

using testing::SocketPair;

class EventHubTest : public ::testing::Test {
 protected:
  EventHub::Options options(size_t buffer = 16) {
    EventHub::Options o;
    o.buffer_size = buffer;
    o.first_id = 1000;
    return o;
  }
  std::shared_ptr<EventStream> stream(SocketPair& pair, size_t limit = 1 << 20) {
    const auto now = Clock::now();
    return std::make_shared<EventStream>(pair.server, limit, now, now + std::chrono::hours(1), "u");
  }
  static std::string drain(EventStream& s, SocketPair& pair) {
    std::chrono::nanoseconds latency{};
    s.flush(latency);
    return pair.read(std::chrono::milliseconds(50));
  }

  EventsMetrics metrics_;
  std::vector<std::shared_ptr<EventStream>> woken_;
};

TEST_F(EventHubTest, DeliversToFollowersOfTheChannelOnlyInOrder) {
  EventHub hub(options(), metrics_, [&](const auto& s) { woken_.push_back(s); });
  SocketPair a_pair, b_pair;
  auto a = stream(a_pair);
  auto b = stream(b_pair);
  hub.subscribe(a, {"user:a"}, std::nullopt);
  hub.subscribe(b, {"user:b", "room:1"}, std::nullopt);
  const uint64_t first = hub.publish("user:a", "hello", R"({"n":1})");
  hub.publish("room:1", "msg", R"({"n":2})");
  const uint64_t third = hub.publish("user:a", "hello", R"({"n":3})");
  EXPECT_EQ(first, 1001u);
  EXPECT_EQ(third, 1003u);
  EXPECT_EQ(
      drain(*a, a_pair),
      "id: 1001\nevent: hello\ndata: {\"n\":1}\n\nid: 1003\nevent: hello\ndata: {\"n\":3}\n\n");
  EXPECT_EQ(drain(*b, b_pair), "id: 1002\nevent: msg\ndata: {\"n\":2}\n\n");
  EXPECT_EQ(metrics_.deliveredTotal(), 3u);
  EXPECT_EQ(metrics_.publishedTotal(), 3u);
}

TEST_F(EventHubTest, ResumeReplaysMissedEventsOfAllChannelsInIdOrder) {
  EventHub hub(options(), metrics_, [](const auto&) {});
  hub.publish("user:a", "e", "1");  // 1001
  hub.publish("room:1", "e", "2");  // 1002
  hub.publish("user:a", "e", "3");  // 1003
  hub.publish("room:2", "e", "4");  // 1004: not followed
  SocketPair pair;
  auto s = stream(pair);
  hub.subscribe(s, {"user:a", "room:1"}, 1001);
  EXPECT_EQ(drain(*s, pair), "id: 1002\nevent: e\ndata: 2\n\nid: 1003\nevent: e\ndata: 3\n\n");
}

TEST_F(EventHubTest, ResumeBeyondTheBufferSendsReset) {
  EventHub hub(options(2), metrics_, [](const auto&) {});
  for (int i = 0; i < 5; ++i) hub.publish("user:a", "e", std::to_string(i));  // 1001..1005
  SocketPair pair;
  auto s = stream(pair);
  hub.subscribe(s, {"user:a"}, 1001);  // 1002 and 1003 were evicted
  EXPECT_EQ(drain(*s, pair), "id: 1005\nevent: reset\ndata: {\"reason\":\"gap\"}\n\n");
}

TEST_F(EventHubTest, AnIdFromBeforeARestartOrFromTheFutureSendsReset) {
  EventHub hub(options(), metrics_, [](const auto&) {});
  SocketPair old_pair, future_pair, ok_pair;
  auto old_stream = stream(old_pair);
  auto future_stream = stream(future_pair);
  auto ok_stream = stream(ok_pair);
  hub.subscribe(old_stream, {"user:a"}, 5);  // below the hub's first id
  hub.subscribe(future_stream, {"user:a"}, 999999);
  hub.subscribe(ok_stream, {"user:a"}, 1000);  // nothing published yet: nothing missed
  EXPECT_NE(drain(*old_stream, old_pair).find("event: reset"), std::string::npos);
  EXPECT_NE(drain(*future_stream, future_pair).find("event: reset"), std::string::npos);
  EXPECT_EQ(drain(*ok_stream, ok_pair), "");
}

TEST_F(EventHubTest, UnsubscribedStreamsGetNothing) {
  EventHub hub(options(), metrics_, [](const auto&) {});
  SocketPair pair;
  auto s = stream(pair);
  hub.subscribe(s, {"user:a"}, std::nullopt);
  EXPECT_EQ(hub.subscribers("user:a"), 1u);
  hub.unsubscribe(*s);
  EXPECT_EQ(hub.subscribers("user:a"), 0u);
  hub.publish("user:a", "e", "1");
  EXPECT_EQ(drain(*s, pair), "");
}

TEST_F(EventHubTest, AnOverflowingStreamIsMarkedAndDropsTheEvent) {
  EventHub hub(options(), metrics_, [&](const auto& s) { woken_.push_back(s); });
  SocketPair pair;
  auto s = stream(pair, 64);
  hub.subscribe(s, {"user:a"}, std::nullopt);
  hub.publish("user:a", "e", std::string(100, '1'));
  EXPECT_TRUE(s->overflowed());
  EXPECT_EQ(metrics_.droppedTotal(), 1u);
  ASSERT_FALSE(woken_.empty());
  EXPECT_EQ(woken_.back(), s);  // the writer is told so it disconnects it
}

TEST_F(EventHubTest, SweepDropsIdleChannelsAndRemembersTheirFloor) {
  EventHub::Options o = options();
  o.buffer_age = std::chrono::milliseconds(1);
  EventHub hub(o, metrics_, [](const auto&) {});
  hub.publish("room:1", "e", "1");  // 1001
  hub.sweep(Clock::now() + std::chrono::seconds(1));
  EXPECT_EQ(hub.bufferedChannels(), 0u);
  SocketPair pair;
  auto s = stream(pair);
  hub.subscribe(s, {"room:1"}, 1000);  // missed 1001, which is gone
  EXPECT_NE(drain(*s, pair).find("event: reset"), std::string::npos);
}

}  // namespace
}  // namespace atrium::host::events

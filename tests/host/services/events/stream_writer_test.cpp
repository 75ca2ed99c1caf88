#include "host/services/events/stream_writer.hpp"

#include <thread>

#include <gtest/gtest.h>

#include "host/services/events/event_hub.hpp"
#include "tests/host/services/events/socket_pair.hpp"

namespace atrium::host::events {
namespace {

using testing::SocketPair;
using namespace std::chrono_literals;

struct Harness {
  explicit Harness(std::chrono::milliseconds heartbeat = 60s)
      : writer(heartbeat, metrics, [this](EventStream& s) { hub.unsubscribe(s); }),
        hub(EventHub::Options{}, metrics, [this](const auto& s) { writer.wake(s); }) {
    writer.start();
  }
  std::shared_ptr<EventStream> open(SocketPair& pair, std::vector<std::string> channels,
                                    size_t limit = 1 << 20,
                                    std::chrono::milliseconds lifetime = std::chrono::hours(1)) {
    const auto now = Clock::now();
    auto s = std::make_shared<EventStream>(pair.server, limit, now, now + lifetime, "u");
    s->enqueue("HEAD\n");
    hub.subscribe(s, std::move(channels), std::nullopt);
    writer.attach(s);
    return s;
  }
  EventsMetrics metrics;
  StreamWriter writer;
  EventHub hub;
};

template <typename Pred>
bool eventually(Pred pred, std::chrono::milliseconds wait = 3s) {
  const auto deadline = Clock::now() + wait;
  while (Clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return pred();
}

TEST(StreamWriterTest, WritesQueuedBytesAndPublishedEvents) {
  Harness h;
  SocketPair pair;
  h.open(pair, {"user:a"});
  EXPECT_EQ(pair.read(), "HEAD\n");
  const uint64_t id = h.hub.publish("user:a", "e", "1");
  EXPECT_EQ(pair.read(), "id: " + std::to_string(id) + "\nevent: e\ndata: 1\n\n");
  EXPECT_EQ(h.metrics.openStreams(), 1);
}

TEST(StreamWriterTest, AClientThatLeavesIsUnsubscribedAndClosed) {
  Harness h;
  SocketPair pair;
  auto s = h.open(pair, {"user:a"});
  pair.read();
  ::close(pair.client);
  pair.client = -1;
  EXPECT_TRUE(eventually([&] { return s->closed(); }));
  EXPECT_EQ(h.hub.subscribers("user:a"), 0u);
  EXPECT_EQ(h.metrics.openStreams(), 0);
  EXPECT_EQ(h.metrics.disconnects(EventsMetrics::Disconnect::kClient), 1u);
}

TEST(StreamWriterTest, ASlowConsumerIsDisconnectedWhenItsQueueOverflows) {
  Harness h;
  SocketPair pair;
  // The client never reads: the socket buffer fills, then the bounded queue.
  auto s = h.open(pair, {"user:a"}, 64 * 1024);
  const std::string big(8 * 1024, 'x');
  for (int i = 0; i < 400 && !s->closed(); ++i) h.hub.publish("user:a", "e", "\"" + big + "\"");
  EXPECT_TRUE(eventually([&] { return s->closed(); }));
  EXPECT_EQ(h.metrics.disconnects(EventsMetrics::Disconnect::kOverflow), 1u);
  EXPECT_GE(h.metrics.droppedTotal(), 1u);
  EXPECT_EQ(h.hub.subscribers("user:a"), 0u);
}

TEST(StreamWriterTest, HeartbeatsKeepAnIdleStreamBusy) {
  Harness h(100ms);
  SocketPair pair;
  h.open(pair, {"user:a"});
  EXPECT_EQ(pair.read(), "HEAD\n");
  const std::string later = pair.read(2500ms);
  EXPECT_NE(later.find(": heartbeat\n\n"), std::string::npos) << later;
}

TEST(StreamWriterTest, AStreamIsClosedAtItsDeadline) {
  Harness h;
  SocketPair pair;
  auto s = h.open(pair, {"user:a"}, 1 << 20, 200ms);
  EXPECT_TRUE(pair.closedWithin(3s));
  EXPECT_TRUE(s->closed());
  // The socket is closed before the metric is counted: wait for it rather than race it.
  EXPECT_TRUE(eventually(
      [&] { return h.metrics.disconnects(EventsMetrics::Disconnect::kDeadline) == 1u; }));
}

TEST(StreamWriterTest, StopClosesEveryStream) {
  Harness h;
  SocketPair a, b;
  auto sa = h.open(a, {"user:a"});
  auto sb = h.open(b, {"user:b"});
  h.writer.stop();
  EXPECT_TRUE(sa->closed());
  EXPECT_TRUE(sb->closed());
  EXPECT_EQ(h.metrics.openStreams(), 0);
}

// The descriptor-reuse race: a stream's number, once closed, is reused by the next socket the
// process opens. Events still published to the old stream's channel must never reach it.
TEST(StreamWriterTest, AReusedDescriptorNeverReceivesAnotherStreamsEvents) {
  Harness h;
  int reused = 0;
  for (int round = 0; round < 100; ++round) {
    SocketPair old_pair;
    const int number = old_pair.server;
    auto old_stream = h.open(old_pair, {"user:old"});
    ::close(old_pair.client);
    old_pair.client = -1;
    // Publish to the old channel while it is being torn down...
    std::thread publisher([&] {
      for (int i = 0; i < 50; ++i) h.hub.publish("user:old", "secret", "1");
    });
    ASSERT_TRUE(eventually([&] { return old_stream->closed(); }));
    // ...and open new sockets until one gets the freed number.
    SocketPair fresh;
    publisher.join();
    h.hub.publish("user:old", "secret", "2");
    if (fresh.server == number) {
      ++reused;
      // Nothing may arrive on the new connection that reuses the number.
      EXPECT_EQ(fresh.read(30ms), "");
    }
    ::close(fresh.server);
  }
  EXPECT_GT(reused, 50);  // the race was really exercised
}

}  // namespace
}  // namespace atrium::host::events

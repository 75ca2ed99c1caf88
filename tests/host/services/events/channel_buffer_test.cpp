#include "host/services/events/channel_buffer.hpp"

#include <gtest/gtest.h>

namespace atrium::host::events {
namespace {

std::shared_ptr<const Event> event(uint64_t id, Clock::time_point at) {
  auto e = std::make_shared<Event>();
  e->id = id;
  e->published = at;
  return e;
}

std::vector<uint64_t> ids(const ChannelBuffer::Replay& replay) {
  std::vector<uint64_t> out;
  for (const auto& e : replay.events) out.push_back(e->id);
  return out;
}

TEST(ChannelBufferTest, ReplaysWhatCameAfterTheLastSeenId) {
  const auto now = Clock::now();
  ChannelBuffer buffer(10, std::chrono::minutes(5), 100);
  for (uint64_t id : {101, 102, 103}) buffer.append(event(id, now));
  auto replay = buffer.since(101, now);
  EXPECT_FALSE(replay.gap);
  EXPECT_EQ(ids(replay), (std::vector<uint64_t>{102, 103}));
  EXPECT_TRUE(buffer.since(103, now).events.empty());
  EXPECT_FALSE(buffer.since(103, now).gap);
}

TEST(ChannelBufferTest, AnIdBeforeTheFloorIsAGap) {
  const auto now = Clock::now();
  ChannelBuffer buffer(10, std::chrono::minutes(5), 100);
  buffer.append(event(101, now));
  EXPECT_TRUE(buffer.since(99, now).gap);
  EXPECT_FALSE(buffer.since(100, now).gap);
  EXPECT_EQ(ids(buffer.since(100, now)), (std::vector<uint64_t>{101}));
}

TEST(ChannelBufferTest, EvictionByCountRaisesTheFloor) {
  const auto now = Clock::now();
  ChannelBuffer buffer(2, std::chrono::minutes(5), 0);
  for (uint64_t id : {1, 2, 3, 4}) buffer.append(event(id, now));
  EXPECT_EQ(buffer.size(), 2u);
  EXPECT_EQ(buffer.floor(), 2u);
  EXPECT_TRUE(buffer.since(1, now).gap);
  EXPECT_EQ(ids(buffer.since(2, now)), (std::vector<uint64_t>{3, 4}));
}

TEST(ChannelBufferTest, EvictionByAge) {
  const auto start = Clock::now();
  ChannelBuffer buffer(10, std::chrono::seconds(10), 0);
  buffer.append(event(1, start));
  buffer.append(event(2, start + std::chrono::seconds(8)));
  const auto later = start + std::chrono::seconds(12);
  EXPECT_TRUE(buffer.since(0, later).gap);  // event 1 expired
  EXPECT_EQ(ids(buffer.since(1, later)), (std::vector<uint64_t>{2}));
  EXPECT_TRUE(buffer.expire(start + std::chrono::seconds(30)));
  EXPECT_EQ(buffer.floor(), 2u);
}

TEST(ChannelBufferTest, ZeroCapacityKeepsNothingButTracksTheFloor) {
  const auto now = Clock::now();
  ChannelBuffer buffer(0, std::chrono::minutes(1), 0);
  buffer.append(event(5, now));
  EXPECT_EQ(buffer.size(), 0u);
  EXPECT_TRUE(buffer.since(4, now).gap);
  EXPECT_FALSE(buffer.since(5, now).gap);
}

}  // namespace
}  // namespace atrium::host::events

#include "host/services/events/ticket_store.hpp"

#include <gtest/gtest.h>

namespace atrium::host::events {
namespace {

struct FakeClock {
  MemoryTicketStore::Clock::time_point now = MemoryTicketStore::Clock::now();
};

TEST(TicketStoreTest, ATicketIsRedeemedOnceForItsPrincipal) {
  MemoryTicketStore store(std::chrono::seconds(30), 10);
  const auto ticket = store.issue(R"({"sub":"42"})");
  ASSERT_TRUE(ticket);
  EXPECT_EQ(ticket->size(), 43u);
  EXPECT_EQ(store.redeem(*ticket), std::optional<std::string>(R"({"sub":"42"})"));
  EXPECT_FALSE(store.redeem(*ticket));  // single use
}

TEST(TicketStoreTest, AnExpiredTicketIsRefused) {
  FakeClock clock;
  MemoryTicketStore store(std::chrono::seconds(30), 10, [&] { return clock.now; });
  const auto ticket = store.issue(R"({"sub":"1"})");
  clock.now += std::chrono::seconds(31);
  EXPECT_FALSE(store.redeem(*ticket));
  EXPECT_EQ(store.size(), 0u);
}

TEST(TicketStoreTest, UnknownAndMalformedTicketsAreRefused) {
  MemoryTicketStore store(std::chrono::seconds(30), 10);
  const auto ticket = store.issue(R"({"sub":"1"})");
  std::string forged = *ticket;
  forged[0] = forged[0] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(store.redeem(forged));
  EXPECT_FALSE(store.redeem(""));
  EXPECT_FALSE(store.redeem(std::string(10000, 'a')));
  EXPECT_TRUE(store.redeem(*ticket));  // the real one still works
}

TEST(TicketStoreTest, OnlyHashesAreKept) {
  MemoryTicketStore store(std::chrono::seconds(30), 10);
  const auto a = store.issue(R"({"sub":"1"})");
  const auto b = store.issue(R"({"sub":"2"})");
  EXPECT_NE(*a, *b);
  EXPECT_EQ(store.size(), 2u);
}

TEST(TicketStoreTest, CapacityBoundsLiveTicketsAndExpiredOnesMakeRoom) {
  FakeClock clock;
  MemoryTicketStore store(std::chrono::seconds(30), 2, [&] { return clock.now; });
  EXPECT_TRUE(store.issue("{}"));
  EXPECT_TRUE(store.issue("{}"));
  EXPECT_FALSE(store.issue("{}"));
  clock.now += std::chrono::seconds(31);
  EXPECT_TRUE(store.issue("{}"));
}

}  // namespace
}  // namespace atrium::host::events

#include "host/services/events/topic_policy.hpp"

#include <stdexcept>

#include <gtest/gtest.h>

namespace atrium::host::events {
namespace {

using Decision = TopicPolicy::Decision;

TEST(TopicPolicyTest, NamesAreRestrictedToASafeAlphabet) {
  EXPECT_TRUE(validChannelName("conversation:42"));
  EXPECT_TRUE(validChannelName("user:a.b-c_d"));
  EXPECT_FALSE(validChannelName(""));
  EXPECT_FALSE(validChannelName("a b"));
  EXPECT_FALSE(validChannelName("a\nb"));
  EXPECT_FALSE(validChannelName(std::string(201, 'a')));
  EXPECT_TRUE(validEventName("message.created"));
  EXPECT_FALSE(validEventName(std::string(101, 'a')));
}

TEST(TopicPolicyTest, PatternsMatchExactlyOrByPrefix) {
  EXPECT_TRUE(TopicPolicy::matches("room:*", "room:1"));
  EXPECT_FALSE(TopicPolicy::matches("room:*", "room:"));
  EXPECT_FALSE(TopicPolicy::matches("room:*", "rooms:1"));
  EXPECT_TRUE(TopicPolicy::matches("lobby", "lobby"));
  EXPECT_FALSE(TopicPolicy::matches("lobby", "lobby2"));
}

TEST(TopicPolicyTest, TheFirstMatchingRuleDecides) {
  std::string seen_principal;
  TopicPolicy policy({{"room:vip", [](const auto&, const auto&) { return false; }},
                      {"room:*", [&](const std::string& principal, const std::string& topic) {
                         seen_principal = principal;
                         return topic == "room:1";
                       }}});
  EXPECT_EQ(policy.decide(R"({"sub":"a"})", "a", "room:1"), Decision::kAllowed);
  EXPECT_EQ(seen_principal, R"({"sub":"a"})");
  EXPECT_EQ(policy.decide("{}", "a", "room:2"), Decision::kForbidden);
  EXPECT_EQ(policy.decide("{}", "a", "room:vip"), Decision::kForbidden);
  EXPECT_EQ(policy.decide("{}", "a", "other:1"), Decision::kNoRule);
}

TEST(TopicPolicyTest, OnlyTheCallersOwnUserChannel) {
  TopicPolicy policy({{"user:*", [](const auto&, const auto&) { return true; }}});
  EXPECT_EQ(policy.decide("{}", "a", "user:a"), Decision::kAllowed);
  EXPECT_EQ(policy.decide("{}", "a", "user:b"), Decision::kForbidden);
}

TEST(TopicPolicyTest, AnAuthoriserThatThrowsRefuses) {
  TopicPolicy policy(
      {{"x:*", [](const auto&, const auto&) -> bool { throw std::runtime_error("boom"); }}});
  EXPECT_EQ(policy.decide("{}", "a", "x:1"), Decision::kForbidden);
}

}  // namespace
}  // namespace atrium::host::events

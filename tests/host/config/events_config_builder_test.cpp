// The `events:` block (host/config/events_config_builder.cpp).
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "host/config/config_error.hpp"
#include "host/config/config_loader.hpp"
#include "tests/host/config/temp_dir.hpp"

namespace atrium::host::config {
namespace {

using std::chrono::milliseconds;

class EventsConfigBuilderTest : public ::testing::Test {
 protected:
  HostConfig load(const std::string& text) {
    const std::string path = dir_.write("config/app.yaml", text);
    return loadHostConfig(
        path, [](const std::string&) -> std::optional<std::string> { return std::nullopt; }, {},
        {"/sql"});
  }
  std::string errorOf(const std::string& text) {
    try {
      load(text);
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "";
  }
  testing::TempDir dir_;
};

TEST_F(EventsConfigBuilderTest, Defaults) {
  const EventsConfig events = load("product: app\n").events;
  EXPECT_TRUE(events.enabled);
  EXPECT_EQ(events.path, "/api/v1/events");
  EXPECT_EQ(events.ticket_ttl, milliseconds(30000));
  EXPECT_EQ(events.buffer_size, 256u);
  EXPECT_EQ(events.buffer_age, milliseconds(300000));
  EXPECT_EQ(events.heartbeat_interval, milliseconds(15000));
  EXPECT_EQ(events.max_stream_duration, milliseconds(3600000));
  EXPECT_EQ(events.queue_limit, 262144u);
  EXPECT_TRUE(events.topics.empty());
}

TEST_F(EventsConfigBuilderTest, ReadsEveryKeyAndTheTopicRules) {
  const EventsConfig events = load(R"(product: app
events:
  path: /live/
  ticket_ttl: 10s
  buffer_size: 10
  buffer_age: 1m
  heartbeat_interval: 5s
  max_stream_duration: 10m
  retry: 1s
  queue_limit: 200000
  max_streams: 50
  max_topics: 4
  max_event_bytes: 1000
  topics:
    - {pattern: "conversation:*", script: rules/chat, function: can_follow}
    - {pattern: "wedding:*", handler: weddings.can_follow}
)")
                                  .events;
  EXPECT_EQ(events.path, "/live");
  EXPECT_EQ(events.ticket_ttl, milliseconds(10000));
  EXPECT_EQ(events.max_streams, 50u);
  EXPECT_EQ(events.max_topics, 4u);
  ASSERT_EQ(events.topics.size(), 2u);
  EXPECT_EQ(events.topics[0].pattern, "conversation:*");
  EXPECT_EQ(events.topics[0].script, "rules/chat");
  EXPECT_EQ(events.topics[0].function, "can_follow");
  EXPECT_EQ(events.topics[1].handler, "weddings.can_follow");
}

TEST_F(EventsConfigBuilderTest, ARuleNeedsExactlyOneAuthoriser) {
  EXPECT_NE(errorOf("product: app\nevents:\n  topics:\n    - {pattern: \"a:*\"}\n")
                .find("exactly one authoriser"),
            std::string::npos);
  EXPECT_NE(errorOf("product: app\nevents:\n  topics:\n    - {pattern: \"a:*\", script: s, "
                    "function: f, handler: p.h}\n")
                .find("exactly one authoriser"),
            std::string::npos);
  EXPECT_NE(errorOf("product: app\nevents:\n  topics:\n    - {pattern: \"a:*\", script: s}\n")
                .find("needs both script and function"),
            std::string::npos);
}

TEST_F(EventsConfigBuilderTest, UserChannelsCannotBeGranted) {
  EXPECT_NE(errorOf("product: app\nevents:\n  topics:\n    - {pattern: \"user:*\", handler: p.h}\n")
                .find("private to their user"),
            std::string::npos);
}

TEST_F(EventsConfigBuilderTest, BadValuesAreRefusedWithTheirKey) {
  EXPECT_NE(errorOf("product: app\nevents:\n  queue_limit: 2000\n  max_event_bytes: 4000\n")
                .find("events.queue_limit"),
            std::string::npos);
  EXPECT_NE(errorOf("product: app\nevents:\n  path: /health\n").find("events.path"),
            std::string::npos);
  EXPECT_NE(errorOf("product: app\nevents:\n  path: no-slash\n").find("events.path"),
            std::string::npos);
  EXPECT_NE(errorOf("product: app\nevents:\n  bogus: 1\n").find("bogus"), std::string::npos);
}

}  // namespace
}  // namespace atrium::host::config

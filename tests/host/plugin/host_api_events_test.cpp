// ABI 1.3 events_publish against a real events service (host/services/events).
#include <cstddef>

#include <gtest/gtest.h>

#include "host/plugin/host_api.hpp"
#include "host/services/events/events_service.hpp"
#include "tests/host/plugin/plugin_test_support.hpp"
#include "tests/support/captured_log.hpp"

namespace atrium::host::plugin {
namespace {

atrium_str s(std::string_view text) { return atrium_str{text.data(), text.size()}; }

class HostApiEventsTest : public ::testing::Test {
 protected:
  atrium_status publish(std::string_view channel, std::string_view name, std::string_view data,
                        uint64_t* id = nullptr) {
    error_[0] = '\0';
    return api_.events_publish(toAbi(&context_), s(channel), s(name), s(data), id, error_,
                               sizeof error_);
  }

  atrium::testing::CapturedLog log_;
  config::EventsConfig config_;
  events::EventsService service_{config_, events::TopicPolicy(), log_.sink()};
  atrium_host_api api_ = makeHostApi();
  PluginContext context_{log_.sink(), "chat"};
  char error_[256] = {};
};

TEST_F(HostApiEventsTest, TheTableCarriesTheEventsBlock) {
  EXPECT_TRUE(ATRIUM_ABI_HAS_FIELD(&api_, atrium_host_api, events_publish));
  EXPECT_GE(api_.header.struct_size,
            offsetof(atrium_host_api, events_publish) + sizeof(api_.events_publish));
  EXPECT_GE(ATRIUM_ABI_MINOR, 3);
  // A plugin table cut before the block (an ABI 1.2 host) does not have it.
  atrium_host_api older = api_;
  older.header.struct_size = static_cast<uint32_t>(offsetof(atrium_host_api, events_publish));
  EXPECT_FALSE(ATRIUM_ABI_HAS_FIELD(&older, atrium_host_api, events_publish));
}

TEST_F(HostApiEventsTest, WithoutTheServiceItIsUnavailable) {
  EXPECT_EQ(publish("user:1", "e", "{}"), ATRIUM_ERR_UNAVAILABLE);
  EXPECT_STRNE(error_, "");
}

TEST_F(HostApiEventsTest, PublishesAndReturnsIncreasingIds) {
  context_.events = &service_;
  uint64_t first = 0;
  uint64_t second = 0;
  ASSERT_EQ(publish("user:1", "gift.received", R"({"id": 5})", &first), ATRIUM_OK) << error_;
  ASSERT_EQ(publish("conversation:9", "message", "[1, 2]", &second), ATRIUM_OK) << error_;
  EXPECT_GT(second, first);
  EXPECT_EQ(service_.hub().lastId(), second);
  EXPECT_EQ(service_.metrics().publishedTotal(), 2u);
}

TEST_F(HostApiEventsTest, BadInputIsRefusedWithAReason) {
  context_.events = &service_;
  EXPECT_EQ(publish("user 1", "e", "{}"), ATRIUM_ERR_INVALID_ARGUMENT);
  EXPECT_NE(std::string(error_).find("channel"), std::string::npos);
  EXPECT_EQ(publish("user:1", "", "{}"), ATRIUM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(publish("user:1", "e", "{not json"), ATRIUM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(publish("user:1", "e", std::string(config_.max_event_bytes + 1, '1')),
            ATRIUM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(api_.events_publish(toAbi(&context_), atrium_str{nullptr, 3}, s("e"), s("1"), nullptr,
                                nullptr, 0),
            ATRIUM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(api_.events_publish(nullptr, s("user:1"), s("e"), s("1"), nullptr, nullptr, 0),
            ATRIUM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(service_.metrics().publishedTotal(), 0u);
}

}  // namespace
}  // namespace atrium::host::plugin

#include "host/services/events/event_frame.hpp"

#include <gtest/gtest.h>

namespace atrium::host::events {
namespace {

TEST(EventFrameTest, FormatsIdNameAndData) {
  EXPECT_EQ(formatEvent(7, "message.created", R"({"a":1})"),
            "id: 7\nevent: message.created\ndata: {\"a\":1}\n\n");
}

TEST(EventFrameTest, SplitsMultiLineDataIntoDataFields) {
  EXPECT_EQ(formatEvent(1, "x", "a\nb\r\nc"), "id: 1\nevent: x\ndata: a\ndata: b\ndata: c\n\n");
}

TEST(EventFrameTest, StripsLineBreaksFromTheName) {
  EXPECT_EQ(formatEvent(2, "bad\nname", "1"), "id: 2\nevent: badname\ndata: 1\n\n");
}

TEST(EventFrameTest, CommentAndRetry) {
  EXPECT_EQ(formatComment("heartbeat"), ": heartbeat\n\n");
  EXPECT_EQ(formatRetry(3000), "retry: 3000\n\n");
}

}  // namespace
}  // namespace atrium::host::events

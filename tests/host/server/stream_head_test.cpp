#include "host/server/stream_head.hpp"

#include <gtest/gtest.h>

namespace atrium::host::server {
namespace {

TEST(StreamHeadTest, RendersStatusTypeHeadersAndConnectionClose) {
  http::Response response;
  response.status = 200;
  response.content_type = "text/event-stream; charset=utf-8";
  response.setHeader("Cache-Control", "no-store");
  response.setHeader("X-Request-Id", "abc");
  EXPECT_EQ(renderStreamHead(response),
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
            "Cache-Control: no-store\r\nX-Request-Id: abc\r\nConnection: close\r\n\r\n");
}

TEST(StreamHeadTest, DropsFramingHeadersAndLineBreaks) {
  http::Response response;
  response.setHeader("Connection", "keep-alive");
  response.setHeader("Content-Length", "5");
  response.setHeader("Transfer-Encoding", "chunked");
  response.setHeader("X-Evil", "a\r\nSet-Cookie: x=1");
  EXPECT_EQ(renderStreamHead(response),
            "HTTP/1.1 200 OK\r\nX-Evil: aSet-Cookie: x=1\r\nConnection: close\r\n\r\n");
}

}  // namespace
}  // namespace atrium::host::server

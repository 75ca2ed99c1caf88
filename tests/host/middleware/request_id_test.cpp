#include "host/middleware/request_id.hpp"

#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace atrium::host::middleware {
namespace {

bool isGenerated(const std::string& id) {
  return id.size() == 32 && id.find_first_not_of("0123456789abcdef") == std::string::npos;
}

std::string runWith(std::vector<http::NameValue> headers, http::Response* out = nullptr) {
  RequestIdMiddleware mw;
  http::Request req;
  req.headers = std::move(headers);
  http::Response resp;
  EXPECT_TRUE(mw.onRequest(req, resp));
  mw.onResponse(req, resp);
  EXPECT_EQ(resp.headers.size(), 1u);
  EXPECT_EQ(resp.headers.at(0).first, "X-Request-Id");
  EXPECT_EQ(resp.headers.at(0).second, req.request_id);
  if (out != nullptr) *out = resp;
  return req.request_id;
}

TEST(RequestIdTest, KeepsSaneIncomingIdAnyHeaderCase) {
  EXPECT_EQ(runWith({{"X-Request-Id", "abc-123"}}), "abc-123");
  EXPECT_EQ(runWith({{"x-request-id", "Trace.1:2_3-4"}}), "Trace.1:2_3-4");
  EXPECT_EQ(runWith({{"X-REQUEST-ID", std::string(128, 'a')}}), std::string(128, 'a'));
}

TEST(RequestIdTest, GeneratesWhenMissingOrInsane) {
  EXPECT_TRUE(isGenerated(runWith({})));
  EXPECT_TRUE(isGenerated(runWith({{"X-Request-Id", ""}})));
  EXPECT_TRUE(isGenerated(runWith({{"X-Request-Id", std::string(129, 'a')}})));
  EXPECT_TRUE(isGenerated(runWith({{"X-Request-Id", "abc\r\nSet-Cookie: x=1"}})));
  EXPECT_TRUE(isGenerated(runWith({{"X-Request-Id", "abc\n"}})));
  EXPECT_TRUE(isGenerated(runWith({{"X-Request-Id", "a b"}})));
  EXPECT_TRUE(isGenerated(runWith({{"X-Request-Id", "\"quoted\""}})));
  EXPECT_TRUE(isGenerated(runWith({{"X-Request-Id", "id/with/slash"}})));
  EXPECT_TRUE(isGenerated(runWith({{"X-Request-Id", "caf\xC3\xA9"}})));
  EXPECT_TRUE(isGenerated(runWith({{"X-Request-Id", std::string("a\0b", 3)}})));
}

TEST(RequestIdTest, ExistingRequestIdIsKept) {
  RequestIdMiddleware mw;
  http::Request req;
  req.request_id = "assigned-by-server";
  req.headers = {{"X-Request-Id", "from-client"}};
  http::Response resp;
  EXPECT_TRUE(mw.onRequest(req, resp));
  EXPECT_EQ(req.request_id, "assigned-by-server");
}

TEST(RequestIdTest, EchoReplacesAHandlerSetHeader) {
  RequestIdMiddleware mw;
  http::Request req;
  req.request_id = "rid";
  http::Response resp;
  resp.headers = {{"x-request-id", "other"}, {"Content-Language", "en"}};
  mw.onResponse(req, resp);
  ASSERT_EQ(resp.headers.size(), 2u);
  EXPECT_EQ(resp.headers[0].first, "Content-Language");
  EXPECT_EQ(resp.headers[1], (http::NameValue{"X-Request-Id", "rid"}));
}

TEST(RequestIdTest, Validation) {
  EXPECT_TRUE(isValidRequestId("a"));
  EXPECT_TRUE(isValidRequestId("A.b_c:d-9"));
  EXPECT_FALSE(isValidRequestId(""));
  EXPECT_FALSE(isValidRequestId(std::string(129, '1')));
  EXPECT_FALSE(isValidRequestId("x\r"));
  EXPECT_FALSE(isValidRequestId("x\t"));
  EXPECT_FALSE(isValidRequestId("x=y"));
}

TEST(RequestIdTest, GeneratedIdsAreUniqueAcrossThreads) {
  std::vector<std::vector<std::string>> per_thread(4);
  std::vector<std::thread> threads;
  for (auto& ids : per_thread) {
    threads.emplace_back([&ids] {
      for (int i = 0; i < 5000; ++i) ids.push_back(generateRequestId());
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> all;
  for (const auto& ids : per_thread) {
    for (const auto& id : ids) {
      EXPECT_TRUE(isGenerated(id)) << id;
      all.insert(id);
    }
  }
  EXPECT_EQ(all.size(), 20000u);
}

}  // namespace
}  // namespace atrium::host::middleware

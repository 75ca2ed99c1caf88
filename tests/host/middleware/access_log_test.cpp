#include "host/middleware/access_log.hpp"

#include <unistd.h>

#include <regex>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace atrium::host::middleware {
namespace {

using nlohmann::json;
using std::chrono::microseconds;
using std::chrono::nanoseconds;

http::Request sampleRequest() {
  http::Request r;
  r.method = "GET";
  r.path = "/items/42";
  r.raw_target = "/items/42?token=secret";
  r.client_ip = "10.0.0.7";
  r.request_id = "rid-1";
  r.headers = {{"user-agent", "curl/8.0"}};
  return r;
}

TEST(AccessLogTest, LineHasAllFields) {
  const std::string line = AccessLog::formatLine("2026-01-02T03:04:05.678Z", sampleRequest(), 200,
                                                 512, microseconds(1234), "/items/:id");
  const json j = json::parse(line);
  EXPECT_EQ(j["time"], "2026-01-02T03:04:05.678Z");
  EXPECT_EQ(j["level"], "info");
  EXPECT_EQ(j["logger"], "access");
  EXPECT_EQ(j["method"], "GET");
  EXPECT_EQ(j["path"], "/items/42");
  EXPECT_EQ(j["route"], "/items/:id");
  EXPECT_EQ(j["status"], 200);
  EXPECT_EQ(j["bytes"], 512);
  EXPECT_EQ(j["request_id"], "rid-1");
  EXPECT_EQ(j["client_ip"], "10.0.0.7");
  EXPECT_EQ(j["user_agent"], "curl/8.0");
  EXPECT_NE(line.find("\"duration_ms\":1.234,"), std::string::npos) << line;
  EXPECT_EQ(line.find("secret"), std::string::npos);  // the query string is not logged
}

TEST(AccessLogTest, DurationFormatting) {
  auto durationText = [](nanoseconds d) {
    const std::string line = AccessLog::formatLine("t", http::Request{}, 200, 0, d, "");
    const size_t at = line.find("\"duration_ms\":") + 14;
    return line.substr(at, line.find(',', at) - at);
  };
  EXPECT_EQ(durationText(nanoseconds(0)), "0.000");
  EXPECT_EQ(durationText(nanoseconds(499)), "0.000");
  EXPECT_EQ(durationText(nanoseconds(500)), "0.001");
  EXPECT_EQ(durationText(nanoseconds(1'234'567)), "1.235");
  EXPECT_EQ(durationText(nanoseconds(12'000'000'000)), "12000.000");
  EXPECT_EQ(durationText(nanoseconds(-5)), "0.000");
}

TEST(AccessLogTest, NoUserAgentFieldWhenAbsent) {
  http::Request r = sampleRequest();
  r.headers.clear();
  const json j = json::parse(AccessLog::formatLine("t", r, 404, 0, nanoseconds(1), ""));
  EXPECT_FALSE(j.contains("user_agent"));
  EXPECT_EQ(j["route"], "");
}

TEST(AccessLogTest, NastyInputIsEscaped) {
  http::Request r = sampleRequest();
  r.method = "G\"ET";
  r.path = "/a\"b\\c\n{\"level\":\"error\"}\x01\x7f\xff";
  r.headers = {{"User-Agent", "Mozilla\r\n\t\"evil\"\x1b[31m \xC3\xA9"}};
  r.request_id = "\"}";
  const std::string line = AccessLog::formatLine("t", r, 500, 1, nanoseconds(1), "/a/*rest");
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_EQ(line.find('\r'), std::string::npos);
  const json j = json::parse(line);
  EXPECT_EQ(j["method"], "G\"ET");
  EXPECT_EQ(j["path"], "/a\"b\\c\n{\"level\":\"error\"}\x01\x7f\xEF\xBF\xBD");
  EXPECT_EQ(j["user_agent"], "Mozilla\r\n\t\"evil\"\x1b[31m \xC3\xA9");
  EXPECT_EQ(j["request_id"], "\"}");
  EXPECT_EQ(j["level"], "info");
}

TEST(AccessLogTest, RecordWritesOneLineToTheSink) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  common::LogSink sink(fds[1]);
  AccessLog log(sink);
  log.record(sampleRequest(), 201, 3, microseconds(5), "/items/:id");
  sink.setMinLevel(common::LogLevel::kWarn);
  log.record(sampleRequest(), 202, 3, microseconds(5), "/items/:id");  // filtered out
  ::close(fds[1]);
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fds[0], buf, sizeof(buf))) > 0) out.append(buf, static_cast<size_t>(n));
  ::close(fds[0]);
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.back(), '\n');
  EXPECT_EQ(out.find('\n'), out.size() - 1);  // exactly one line
  const json j = json::parse(out);
  EXPECT_EQ(j["status"], 201);
  EXPECT_TRUE(std::regex_match(j["time"].get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
}

}  // namespace
}  // namespace atrium::host::middleware

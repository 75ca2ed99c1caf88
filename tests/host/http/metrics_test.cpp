#include "host/http/metrics.hpp"

#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace atrium::host::http {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::nanoseconds;
using std::chrono::seconds;

// "name{labels}" -> value text, for every sample line. Fails the test on a malformed line.
std::map<std::string, std::string> samples(const std::string& text) {
  static const std::regex kSample(
      R"re(^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\[\\"n])*",?)*\})? [^ ]+$)re");
  std::map<std::string, std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("# HELP ", 0) == 0 || line.rfind("# TYPE ", 0) == 0) continue;
    EXPECT_TRUE(std::regex_match(line, kSample)) << "malformed line: " << line;
    const size_t space = line.rfind(' ');
    EXPECT_TRUE(out.emplace(line.substr(0, space), line.substr(space + 1)).second)
        << "duplicate sample: " << line;
  }
  return out;
}

std::string value(const std::map<std::string, std::string>& s, const std::string& key) {
  auto it = s.find(key);
  return it == s.end() ? "<absent>" : it->second;
}

TEST(MetricsTest, RegisterReturnsStableIds) {
  Metrics m;
  const size_t a = m.registerRoute("GET", "/items/:id", "catalog.get_item");
  const size_t b = m.registerRoute("POST", "/items", "catalog.create_item");
  EXPECT_NE(a, b);
  EXPECT_EQ(m.registerRoute("GET", "/items/:id", "catalog.get_item"), a);
  EXPECT_NE(m.registerRoute("GET", "/items/:id", "catalog.other"), a);
}

TEST(MetricsTest, CountsByRouteMethodAndStatus) {
  Metrics m;
  const size_t item = m.registerRoute("GET", "/items/:id", "catalog.get_item");
  const size_t nf = m.registerRoute("", "not_found", "");
  m.recordRequest(item, "GET", 200, milliseconds(3));
  m.recordRequest(item, "GET", 200, milliseconds(4));
  m.recordRequest(item, "HEAD", 200, milliseconds(1));
  m.recordRequest(item, "GET", 404, microseconds(100));
  m.recordRequest(nf, "BREW", 404, microseconds(10));   // unknown methods fold to OTHER
  m.recordRequest(12345, "GET", 200, milliseconds(1));  // unknown id ignored

  const auto s = samples(m.renderPrometheus());
  EXPECT_EQ(value(s, R"(atrium_http_requests_total{route="/items/:id",method="GET",status="200"})"),
            "2");
  EXPECT_EQ(
      value(s, R"(atrium_http_requests_total{route="/items/:id",method="HEAD",status="200"})"),
      "1");
  EXPECT_EQ(value(s, R"(atrium_http_requests_total{route="/items/:id",method="GET",status="404"})"),
            "1");
  EXPECT_EQ(
      value(s, R"(atrium_http_requests_total{route="not_found",method="OTHER",status="404"})"),
      "1");
  EXPECT_EQ(
      value(
          s,
          R"(atrium_http_route_info{route="/items/:id",method="GET",handler="catalog.get_item"})"),
      "1");
  EXPECT_EQ(value(s, R"(atrium_http_route_info{route="not_found",method="",handler=""})"), "1");
}

TEST(MetricsTest, HistogramBucketsAreCumulativeAndInclusive) {
  Metrics m;
  const size_t r = m.registerRoute("GET", "/h", "x.h");
  m.recordRequest(r, "GET", 200, microseconds(500));  // exactly 0.5 ms: le="0.0005"
  m.recordRequest(r, "GET", 200, microseconds(501));  // le="0.001"
  m.recordRequest(r, "GET", 200, milliseconds(30));   // le="0.05"
  m.recordRequest(r, "GET", 200, seconds(11));        // only +Inf
  m.recordRequest(r, "GET", 200, nanoseconds(-5));    // clamped to 0
  const auto s = samples(m.renderPrometheus());
  const std::string p =
      R"(atrium_http_request_duration_seconds_bucket{route="/h",method="GET",le=")";
  EXPECT_EQ(value(s, p + R"(0.0005"})"), "2");
  EXPECT_EQ(value(s, p + R"(0.001"})"), "3");
  EXPECT_EQ(value(s, p + R"(0.025"})"), "3");
  EXPECT_EQ(value(s, p + R"(0.05"})"), "4");
  EXPECT_EQ(value(s, p + R"(10"})"), "4");
  EXPECT_EQ(value(s, p + R"(+Inf"})"), "5");
  EXPECT_EQ(value(s, R"(atrium_http_request_duration_seconds_count{route="/h",method="GET"})"),
            "5");
  const double sum =
      std::stod(value(s, R"(atrium_http_request_duration_seconds_sum{route="/h",method="GET"})"));
  EXPECT_NEAR(sum, 0.0005 + 0.000501 + 0.030 + 11.0, 1e-9);
  // No histogram for methods never seen.
  EXPECT_EQ(value(s, R"(atrium_http_request_duration_seconds_count{route="/h",method="POST"})"),
            "<absent>");
}

TEST(MetricsTest, LabelValuesAreEscaped) {
  Metrics m;
  const size_t r = m.registerRoute("GET", "/a\"b\\c\nd", "h\"x");
  m.recordRequest(r, "GET", 200, milliseconds(1));
  m.recordHandlerError("weird\\\"\n");
  const std::string text = m.renderPrometheus();
  const auto s = samples(text);
  EXPECT_EQ(
      value(s, R"(atrium_http_requests_total{route="/a\"b\\c\nd",method="GET",status="200"})"),
      "1");
  EXPECT_EQ(value(s, R"(atrium_plugin_handler_errors_total{handler="weird\\\"\n"})"), "1");
  std::string out;
  Metrics::appendEscapedLabel(out, "x\\y\"z\nw");
  EXPECT_EQ(out, "x\\\\y\\\"z\\nw");
}

TEST(MetricsTest, InFlightHandlerErrorsCountersAndProcess) {
  Metrics m;
  {
    InFlightGuard g1(m);
    InFlightGuard g2(m);
    EXPECT_EQ(m.inFlight(), 2);
    EXPECT_EQ(value(samples(m.renderPrometheus()), "atrium_http_requests_in_flight"), "2");
  }
  EXPECT_EQ(m.inFlight(), 0);
  m.recordHandlerError("weddings.create");
  m.recordHandlerError("weddings.create");
  m.recordHandlerError("accounts.login");
  m.incrementCounter("worker_queue_rejected");
  m.incrementCounter("worker_queue_rejected", 4);
  EXPECT_THROW(m.incrementCounter("Bad-Name"), std::invalid_argument);
  EXPECT_THROW(m.incrementCounter(""), std::invalid_argument);

  const std::string text = m.renderPrometheus();
  const auto s = samples(text);
  EXPECT_EQ(value(s, "atrium_http_requests_in_flight"), "0");
  EXPECT_EQ(value(s, R"(atrium_plugin_handler_errors_total{handler="weddings.create"})"), "2");
  EXPECT_EQ(value(s, R"(atrium_plugin_handler_errors_total{handler="accounts.login"})"), "1");
  EXPECT_EQ(value(s, "atrium_worker_queue_rejected_total"), "5");
  EXPECT_NE(text.find("# TYPE atrium_worker_queue_rejected_total counter\n"), std::string::npos);

  const double start = std::stod(value(s, "atrium_process_start_time_seconds"));
  const double now =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  EXPECT_GT(start, now - 60);
  EXPECT_LE(start, now);
  EXPECT_GT(std::stoull(value(s, "atrium_process_resident_memory_bytes")), 1024u * 1024u);
}

TEST(MetricsTest, EveryFamilyHasHelpAndTypeOnce) {
  Metrics m;
  m.registerRoute("GET", "/", "x.root");
  const std::string text = m.renderPrometheus();
  for (const char* family :
       {"atrium_http_requests_total counter", "atrium_http_request_duration_seconds histogram",
        "atrium_http_requests_in_flight gauge", "atrium_plugin_handler_errors_total counter",
        "atrium_process_start_time_seconds gauge", "atrium_process_resident_memory_bytes gauge",
        "atrium_http_route_info gauge"}) {
    const std::string type_line = std::string("# TYPE ") + family + "\n";
    const size_t first = text.find(type_line);
    EXPECT_NE(first, std::string::npos) << family;
    EXPECT_EQ(text.find(type_line, first + 1), std::string::npos) << family;
  }
  EXPECT_EQ(text.back(), '\n');
}

TEST(MetricsTest, ManyStatusesOverflowIntoTheLockedMap) {
  Metrics m;
  const size_t r = m.registerRoute("GET", "/s", "x.s");
  for (int status = 100; status < 160; ++status) {
    m.recordRequest(r, "GET", status, milliseconds(1));
    m.recordRequest(r, "POST", status, milliseconds(1));
  }
  m.recordRequest(r, "GET", 159, milliseconds(1));
  const auto s = samples(m.renderPrometheus());
  for (int status = 100; status < 160; ++status) {
    const std::string st = std::to_string(status);
    EXPECT_EQ(
        value(s, R"(atrium_http_requests_total{route="/s",method="GET",status=")" + st + "\"}"),
        status == 159 ? "2" : "1");
    EXPECT_EQ(
        value(s, R"(atrium_http_requests_total{route="/s",method="POST",status=")" + st + "\"}"),
        "1");
  }
}

TEST(MetricsTest, RoutesBeyondOneChunk) {
  Metrics m;
  std::vector<size_t> ids;
  for (int i = 0; i < 200; ++i)
    ids.push_back(m.registerRoute("GET", "/r" + std::to_string(i), "h"));
  for (int i = 0; i < 200; ++i)
    m.recordRequest(ids[static_cast<size_t>(i)], "GET", 200 + i % 3, milliseconds(1));
  const auto s = samples(m.renderPrometheus());
  EXPECT_EQ(value(s, R"(atrium_http_requests_total{route="/r199",method="GET",status="201"})"),
            "1");
  EXPECT_EQ(value(s, R"(atrium_http_requests_total{route="/r64",method="GET",status="201"})"), "1");
}

TEST(MetricsTest, ConcurrentRecordingAndRegistrationLoseNothing) {
  Metrics m;
  const size_t r = m.registerRoute("GET", "/c", "x.c");
  constexpr int kThreads = 4;
  constexpr int kPerThread = 20000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&m, r, t] {
      for (int i = 0; i < kPerThread; ++i) {
        m.recordRequest(r, "GET", 200 + (i % 4), microseconds(i % 2000));
        if (i % 5000 == 0)
          m.registerRoute("GET", "/t" + std::to_string(t) + "/" + std::to_string(i), "h");
        if (i % 7000 == 0) m.renderPrometheus();
      }
    });
  }
  for (auto& th : threads) th.join();
  const auto s = samples(m.renderPrometheus());
  long total = 0;
  for (int st = 200; st < 204; ++st) {
    total += std::stol(value(s, R"(atrium_http_requests_total{route="/c",method="GET",status=")" +
                                    std::to_string(st) + "\"}"));
  }
  EXPECT_EQ(total, kThreads * kPerThread);
  EXPECT_EQ(value(s, R"(atrium_http_request_duration_seconds_count{route="/c",method="GET"})"),
            std::to_string(kThreads * kPerThread));
}

}  // namespace
}  // namespace atrium::host::http

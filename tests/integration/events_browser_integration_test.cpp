// A real browser: headless Chromium (Debian `chromium`, installed by `make deps`) opens a page
// served by atrium (a Lua script route), gets an EventSource stream with a ticket, and receives an
// event published through the API. The page reports what it received by POSTing it back; a
// script turns the report into an event on the test's own observer stream, so the test needs no
// DOM dump or debugging protocol.
#include <signal.h>

#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "tests/support/child_process.hpp"
#include "tests/support/sse_client.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_server.hpp"

namespace atrium::testing {
namespace {

using Json = nlohmann::json;
using namespace std::chrono_literals;

std::string chromiumBinary() {
  for (const char* path : {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
    if (std::filesystem::exists(path)) return path;
  }
  return {};
}

constexpr const char* kPage = R"(local atrium = require("atrium")
return {handle = function(req)
  local ticket = req.query.ticket or ""
  if not ticket:match("^[A-Za-z0-9_-]+$") then return {status = 400, body = {error = "ticket"}} end
  local html = [[<!doctype html><html><body><pre id="log"></pre><script>
const log = (t) => document.getElementById("log").textContent += t + "\n";
const post = (path, body) => fetch(path, {method: "POST",
  headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
const es = new EventSource("/api/v1/events?ticket=TICKET");
es.onopen = () => { log("open"); post("/browser/report", {kind: "open"}); };
es.addEventListener("greeting", (e) => {
  log("greeting " + e.data);
  post("/browser/report", {kind: "greeting", id: e.lastEventId, data: JSON.parse(e.data)});
});
es.onerror = () => post("/browser/report", {kind: "error", state: es.readyState});
</script></body></html>]]
  return {status = 200, headers = {["Content-Type"] = "text/html; charset=utf-8"},
          body = html:gsub("TICKET", ticket)}
end})";

constexpr const char* kReport = R"(local atrium = require("atrium")
return {handle = function(req)
  assert(atrium.events.publish("user:observer", "report", req.body))
  return {status = 204}
end})";

TEST(EventsBrowserIntegrationTest, ChromiumEventSourceWithATicketReceivesAPublishedEvent) {
  const std::string chromium = chromiumBinary();
  if (chromium.empty()) GTEST_SKIP() << "chromium is not installed (make deps)";
  TestServerOptions options;
  options.env["ATRIUM_TEST_JWT_SECRET"] = "browser-test-secret-0123456789-abcdefghijkl";
  options.files["scripts/page.lua"] = kPage;
  options.files["scripts/report.lua"] = kReport;
  TestServer server(R"(product: browsertest
server:
  listen: "127.0.0.1:0"
scripts:
  dir: "@TEST_DIR@/scripts"
plugin_dirs: ["@PLUGIN_DIR@/test"]
plugins:
  - name: authkit
  - name: eventkit
auth:
  secret: ${ATRIUM_TEST_JWT_SECRET}
routes:
  - {method: POST, path: /issue, handler: authkit.issue}
  - {method: POST, path: /publish, handler: eventkit.publish}
  - {method: GET, path: /page, script: page}
  - {method: POST, path: /browser/report, script: report}
)",
                    options);
  auto token = [&](const std::string& sub) {
    const auto res = server.client().postJson("/issue", {{"sub", sub}});
    EXPECT_EQ(res.status, 200) << res.body;
    return res.json()["token"].get<std::string>();
  };
  SseClient observer(server.host(), server.port(), "/api/v1/events",
                     {{"Authorization", "Bearer " + token("observer")}});
  ASSERT_EQ(observer.readHead(), 200);
  const auto ticket = server.client().post("/api/v1/events/ticket", "", "application/json",
                                           Headers{{"Authorization", "Bearer " + token("web")}});
  ASSERT_EQ(ticket.status, 200) << ticket.body;

  TempDir profile("atrium-chromium");
  SpawnSpec spec;
  spec.binary = chromium;
  spec.args = {"--headless",
               "--no-sandbox",
               "--disable-gpu",
               "--disable-dev-shm-usage",
               "--no-first-run",
               "--no-default-browser-check",
               "--disable-extensions",
               "--user-data-dir=" + profile.path().string(),
               "http://127.0.0.1:" + std::to_string(server.port()) +
                   "/page?ticket=" + ticket.json()["ticket"].get<std::string>()};
  spec.stderr_path = profile.path() / "chromium.log";
  const pid_t browser = spawnProcess(spec);
  struct Killer {
    pid_t pid;
    ~Killer() {
      ::kill(pid, SIGKILL);
      waitForExit(pid, 5s);
    }
  } killer{browser};

  auto report = [&](std::chrono::milliseconds wait) -> std::optional<Json> {
    auto event = observer.next(wait);
    if (!event) return std::nullopt;
    EXPECT_EQ(event->event, "report");
    return Json::parse(event->data);
  };
  auto opened = report(20s);
  ASSERT_TRUE(opened) << "the browser never opened the stream";
  ASSERT_EQ((*opened)["kind"], "open") << opened->dump();

  const auto published = server.client().postJson(
      "/publish",
      {{"channel", "user:web"}, {"name", "greeting"}, {"data", {{"hello", "browser"}}}});
  ASSERT_EQ(published.status, 200) << published.body;
  auto got = report(10s);
  ASSERT_TRUE(got) << "the browser did not report the event";
  EXPECT_EQ((*got)["kind"], "greeting");
  EXPECT_EQ((*got)["data"], Json({{"hello", "browser"}}));
  EXPECT_EQ((*got)["id"], std::to_string(published.json()["id"].get<uint64_t>()));
}

}  // namespace
}  // namespace atrium::testing

// Server-sent events at scale (docs/performance.md "Server-sent events"): starts the real atrium
// binary, opens N concurrent streams (one user each, default 2,000), publishes one event per
// second to every user through the API for D seconds, and reports the delivery latency
// (publish request sent → event parsed by the client; p50/p99/max), the server's CPU and its RSS
// per open stream. Raises its own file-descriptor limit first (the server inherits it).
//
//   build/bench/bench_events [streams=2000] [seconds=20]
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <vector>

#include "tests/support/http_client.hpp"
#include "tests/support/sse_client.hpp"
#include "tests/support/test_server.hpp"

using namespace atrium::testing;
using Clock = std::chrono::steady_clock;

namespace {

int64_t nowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
      .count();
}

size_t residentKiB(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoul(line.substr(6));
  }
  return 0;
}

double cpuSeconds(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  std::istringstream rest(text.substr(text.rfind(')') + 2));
  std::string field;
  unsigned long utime = 0, stime = 0;
  for (int i = 3; i <= 15; ++i) {
    rest >> field;
    if (i == 14) utime = std::stoul(field);
    if (i == 15) stime = std::stoul(field);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

}  // namespace

int main(int argc, char** argv) {
  const int streams = argc > 1 ? std::atoi(argv[1]) : 2000;
  const int seconds = argc > 2 ? std::atoi(argv[2]) : 20;
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
  std::printf("fd limit %llu\n", static_cast<unsigned long long>(limit.rlim_cur));

  TestServerOptions options;
  options.env["ATRIUM_TEST_JWT_SECRET"] = "bench-events-secret-0123456789-abcdefghijkl";
  TestServer server(R"(product: benchevents
server:
  listen: "127.0.0.1:0"
  worker_threads: 4
logging:
  access_log: false
plugin_dirs: ["@PLUGIN_DIR@/test"]
plugins:
  - name: authkit
  - name: eventkit
auth:
  secret: ${ATRIUM_TEST_JWT_SECRET}
events:
  max_streams: 100000
routes:
  - {method: POST, path: /issue, handler: authkit.issue}
  - {method: POST, path: /publish, handler: eventkit.publish}
)",
                    options);
  std::this_thread::sleep_for(std::chrono::seconds(1));
  const size_t rss_idle = residentKiB(server.pid());

  std::vector<std::unique_ptr<SseClient>> clients;
  {
    HttpClient http = server.client();
    for (int i = 0; i < streams; ++i) {
      const auto issued = http.postJson("/issue", {{"sub", "u" + std::to_string(i)}});
      const std::string token = issued.json()["token"];
      clients.push_back(std::make_unique<SseClient>(
          server.host(), server.port(), "/api/v1/events",
          std::map<std::string, std::string>{{"Authorization", "Bearer " + token}}));
      if (const int status = clients.back()->readHead(); status != 200) {
        std::fprintf(stderr, "stream %d refused: status %d %s\n", i, status,
                     clients.back()->body().c_str());
        return 1;
      }
    }
  }
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const size_t rss_open = residentKiB(server.pid());

  // Receiving: one epoll over every stream; each event's data carries its send time.
  int ep = epoll_create1(EPOLL_CLOEXEC);
  std::unordered_map<int, std::string> buffers;
  for (auto& c : clients) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = c->fd();
    epoll_ctl(ep, EPOLL_CTL_ADD, c->fd(), &ev);
  }
  std::mutex lat_mutex;
  std::vector<int64_t> latencies;
  std::atomic<bool> stop{false};
  std::atomic<int64_t> received{0};
  std::thread receiver([&] {
    epoll_event events[512];
    char buf[65536];
    while (!stop.load()) {
      const int n = epoll_wait(ep, events, 512, 200);
      for (int i = 0; i < n; ++i) {
        const int fd = events[i].data.fd;
        const ssize_t got = recv(fd, buf, sizeof buf, 0);
        if (got <= 0) continue;
        std::string& b = buffers[fd];
        b.append(buf, static_cast<size_t>(got));
        size_t pos;
        while ((pos = b.find("\n\n")) != std::string::npos) {
          const std::string frame = b.substr(0, pos);
          b.erase(0, pos + 2);
          const size_t t = frame.find("data: {\"t\":");
          if (t == std::string::npos) continue;
          const int64_t sent = std::stoll(frame.substr(t + 11));
          std::lock_guard lock(lat_mutex);
          latencies.push_back(nowNs() - sent);
          received.fetch_add(1);
        }
      }
    }
  });

  const double cpu_before = cpuSeconds(server.pid());
  const auto start = Clock::now();
  constexpr int kPublishers = 4;
  std::atomic<int64_t> published{0};
  std::vector<std::thread> publishers;
  for (int p = 0; p < kPublishers; ++p) {
    publishers.emplace_back([&, p] {
      HttpClient http = server.client();
      for (int second = 0; second < seconds; ++second) {
        const auto tick = start + std::chrono::seconds(second);
        std::this_thread::sleep_until(tick);
        for (int i = p; i < streams; i += kPublishers) {
          const std::string body = R"({"channel":"user:u)" + std::to_string(i) +
                                   R"(","name":"tick","data":{"t":)" + std::to_string(nowNs()) +
                                   "}}";
          http.post("/publish", body);
          published.fetch_add(1);
        }
      }
    });
  }
  for (auto& t : publishers) t.join();
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const double wall = std::chrono::duration<double>(Clock::now() - start).count();
  const double cpu = cpuSeconds(server.pid()) - cpu_before;
  stop.store(true);
  receiver.join();

  std::sort(latencies.begin(), latencies.end());
  auto pct = [&](double q) {
    if (latencies.empty()) return 0.0;
    return static_cast<double>(latencies[static_cast<size_t>(q * (latencies.size() - 1))]) / 1e6;
  };
  std::printf("streams %d, %d s, published %lld, received %lld\n", streams, seconds,
              static_cast<long long>(published.load()), static_cast<long long>(received.load()));
  std::printf("delivery latency ms: p50 %.2f  p99 %.2f  max %.2f\n", pct(0.5), pct(0.99), pct(1.0));
  std::printf("server CPU: %.1f%% of one core (%.2f s over %.1f s)\n", 100 * cpu / wall, cpu, wall);
  std::printf("server RSS: idle %zu KiB, %d streams open %zu KiB, per stream %.1f KiB\n", rss_idle,
              streams, rss_open,
              static_cast<double>(rss_open - rss_idle) / static_cast<double>(streams));
  clients.clear();
  return received.load() == published.load() ? 0 : 2;
}

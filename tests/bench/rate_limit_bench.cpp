// Micro-benchmarks of the rate limiter's per-request cost with the memory store (not run by
// ctest): build/bench/bench_rate_limit
// BM_MemoryStoreHit: one check-and-count on a key among 10,000 (store + algorithm only).
// BM_MiddlewareCheck: the whole middleware step for one request: key built from the IP,
//   limiter check, RateLimit-* headers, onResponse (what a route with `rate_limit:` adds).
// BM_MiddlewareCheckContended: the same from 4 threads on distinct keys (sharded locks).
// BM_ValidationSmallBody: the validation middleware on a 3-field signup body.
#include <atomic>
#include <string>
#include <vector>

#include <atrium/validation.hpp>
#include <benchmark/benchmark.h>

#include "host/common/logger.hpp"
#include "host/middleware/memory_rate_limit_store.hpp"
#include "host/middleware/rate_limit.hpp"
#include "host/middleware/validation.hpp"

namespace {

using namespace atrium::host;

std::vector<std::string> makeKeys(size_t n) {
  std::vector<std::string> keys;
  for (size_t i = 0; i < n; ++i)
    keys.push_back("ip:10.0." + std::to_string(i / 250) + "." + std::to_string(i % 250));
  return keys;
}

void BM_MemoryStoreHit(benchmark::State& state) {
  middleware::MemoryRateLimitStore store(100000);
  middleware::RateLimitPolicy policy;
  policy.window_ms = 60000;
  policy.max = 1'000'000'000;
  const auto keys = makeKeys(10000);
  size_t i = 0;
  int64_t now = 1'700'000'000'000;
  for (auto _ : state) {
    auto d = store.apply("bench", policy, keys[i++ % keys.size()], now++ / 1000,
                         middleware::RateLimitMode::kCheckAndCount);
    benchmark::DoNotOptimize(d);
  }
}
BENCHMARK(BM_MemoryStoreHit);

config::RateLimitConfig limiterConfig() {
  config::RateLimitConfig c;
  c.name = "bench";
  c.window = std::chrono::milliseconds(60000);
  c.max = 1'000'000'000;
  c.key = {{config::RateLimitKeyPart::kIp, ""}};
  return c;
}

void BM_MiddlewareCheck(benchmark::State& state) {
  static common::LogSink sink(2);
  static middleware::RateLimiter limiter(
      limiterConfig(), std::make_shared<middleware::MemoryRateLimitStore>(100000), sink);
  middleware::RateLimitMiddleware mw({&limiter});
  const auto keys = makeKeys(10000);
  http::Request request;
  request.method = "POST";
  request.route_pattern = "/login";
  size_t i = static_cast<size_t>(state.thread_index()) * 2500;
  for (auto _ : state) {
    request.client_ip = keys[i++ % keys.size()].substr(3);
    http::Response response;
    benchmark::DoNotOptimize(mw.onRequest(request, response));
    mw.onResponse(request, response);
  }
}
BENCHMARK(BM_MiddlewareCheck);
BENCHMARK(BM_MiddlewareCheck)->Name("BM_MiddlewareCheckContended")->Threads(4);

void BM_ValidationSmallBody(benchmark::State& state) {
  auto c = std::make_shared<config::ValidationConfig>();
  c->body = std::make_shared<const atrium::sdk::Schema>(
      atrium::sdk::Schema::fromJson(nlohmann::json::parse(R"({"type": "object", "properties": {
        "email": {"type": "string", "required": true, "format": "email"},
        "password": {"type": "string", "required": true, "min_length": 8},
        "name": {"type": "string", "min_length": 1, "max_length": 100}}})")));
  middleware::ValidationMiddleware mw(c);
  http::Request request;
  request.body = R"({"email":"someone@example.com","password":"correct horse","name":"Ali"})";
  for (auto _ : state) {
    http::Response response;
    benchmark::DoNotOptimize(mw.onRequest(request, response));
  }
}
BENCHMARK(BM_ValidationSmallBody);

}  // namespace

BENCHMARK_MAIN();

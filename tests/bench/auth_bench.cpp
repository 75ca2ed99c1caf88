// Micro-benchmarks of the auth service (not run by ctest):
//   build/bench/bench_auth
// BM_JwtHs256Verify: one access token verified (split, base64url, HMAC-SHA256, JSON claims) —
// the middleware's cost per authenticated request.
// BM_JwtHs256Issue: one access token signed (what a login costs besides the password).
// BM_Argon2idHash / BM_Argon2idVerify: one password at the configured cost (OWASP default
// 19 MiB, t=2, p=1): the cost of a login or a registration.
// BM_BcryptVerify: an imported $2b$ hash at cost 10 (verified once, then upgraded).
#include <benchmark/benchmark.h>

#include "host/services/auth/password_hasher.hpp"
#include "host/services/auth/token_service.hpp"

namespace {

using atrium::host::auth::makeHs256Key;
using atrium::host::auth::PasswordHasher;
using atrium::host::auth::TokenService;
namespace config = atrium::host::config;

TokenService makeTokens() {
  config::AuthConfig auth;
  auth.claims.extra = {"email"};
  return TokenService(auth, makeHs256Key("bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz"));
}

void BM_JwtHs256Verify(benchmark::State& state) {
  const TokenService tokens = makeTokens();
  const std::string token =
      tokens.issue({{"sub", "c1a2b3c4d5e6f7"}, {"role", "USER"}, {"email", "a@example.com"}}).token;
  for (auto _ : state) {
    auto verdict = tokens.verify(token);
    benchmark::DoNotOptimize(verdict);
  }
}
BENCHMARK(BM_JwtHs256Verify);

void BM_JwtHs256Issue(benchmark::State& state) {
  const TokenService tokens = makeTokens();
  const nlohmann::json claims = {{"sub", "c1a2b3c4d5e6f7"}, {"role", "USER"}};
  for (auto _ : state) {
    auto issued = tokens.issue(claims);
    benchmark::DoNotOptimize(issued);
  }
}
BENCHMARK(BM_JwtHs256Issue);

void BM_Argon2idHash(benchmark::State& state) {
  const PasswordHasher hasher{config::PasswordHashingConfig{}};
  for (auto _ : state) {
    auto hash = hasher.hash("correct horse battery staple");
    benchmark::DoNotOptimize(hash);
  }
}
BENCHMARK(BM_Argon2idHash)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Argon2idVerify(benchmark::State& state) {
  const PasswordHasher hasher{config::PasswordHashingConfig{}};
  const std::string hash = hasher.hash("correct horse battery staple");
  for (auto _ : state) {
    auto check = hasher.verify("correct horse battery staple", hash);
    benchmark::DoNotOptimize(check);
  }
}
BENCHMARK(BM_Argon2idVerify)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_BcryptVerify(benchmark::State& state) {
  const PasswordHasher hasher{config::PasswordHashingConfig{}};
  // "password" at cost 10, as a Node bcrypt backend stored it.
  const std::string hash = "$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";
  for (auto _ : state) {
    auto check = hasher.verify("password", hash);
    benchmark::DoNotOptimize(check);
  }
}
BENCHMARK(BM_BcryptVerify)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();

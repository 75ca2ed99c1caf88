#include "host/middleware/request_id.hpp"

#include <algorithm>
#include <cstdint>
#include <random>

namespace atrium::host::middleware {

namespace {

std::mt19937_64 seededGenerator() {
  std::random_device device;
  std::seed_seq seq{device(), device(), device(), device(), device(), device(), device(), device()};
  return std::mt19937_64(seq);
}

}  // namespace

bool isValidRequestId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == ':' || c == '-';
  });
}

std::string generateRequestId() {
  static constexpr char kHex[] = "0123456789abcdef";
  thread_local std::mt19937_64 generator = seededGenerator();
  std::string id(32, '0');
  for (size_t half = 0; half < 2; ++half) {
    uint64_t bits = generator();
    for (size_t i = 0; i < 16; ++i) {
      id[half * 16 + i] = kHex[bits & 0xF];
      bits >>= 4;
    }
  }
  return id;
}

bool RequestIdMiddleware::onRequest(http::Request& request, http::Response& /*response*/) {
  if (!request.request_id.empty()) return true;
  const auto incoming = request.header(kHeader);
  request.request_id =
      incoming && isValidRequestId(*incoming) ? std::string(*incoming) : generateRequestId();
  return true;
}

void RequestIdMiddleware::onResponse(const http::Request& request, http::Response& response) {
  if (!request.request_id.empty()) response.setHeader(std::string(kHeader), request.request_id);
}

}  // namespace atrium::host::middleware

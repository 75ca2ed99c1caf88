#include "host/middleware/body_limit.hpp"

#include <charconv>
#include <string_view>

namespace atrium::host::middleware {

namespace {

bool allDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// True when the declared length is over `limit`.
bool declaredTooLarge(std::string_view header, size_t limit) {
  const std::string_view digits = trim(header);
  if (!allDigits(digits)) return false;
  size_t declared = 0;
  const auto res = std::from_chars(digits.data(), digits.data() + digits.size(), declared);
  if (res.ec == std::errc::result_out_of_range) return true;
  return res.ec == std::errc() && declared > limit;
}

}  // namespace

bool BodyLimitMiddleware::onRequest(http::Request& request, http::Response& response) {
  bool too_large = request.body.size() > limit_;
  if (!too_large) {
    if (const auto length = request.header("Content-Length")) {
      too_large = declaredTooLarge(*length, limit_);
    }
  }
  if (!too_large) return true;
  response.setError(
      413, "payload_too_large", "Request body too large",
      "body " + std::to_string(request.body.size()) + " bytes, limit " + std::to_string(limit_));
  return false;
}

void BodyLimitMiddleware::onResponse(const http::Request& /*request*/,
                                     http::Response& /*response*/) {}

}  // namespace atrium::host::middleware

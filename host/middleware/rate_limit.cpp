#include "host/middleware/rate_limit.hpp"

namespace atrium::host::middleware {

bool RateLimitMiddleware::onRequest(http::Request& request, http::Response& response) {
  std::optional<RateLimitDecision> tightest;
  for (RateLimiter* limiter : limiters_) {
    const std::optional<std::string> key = limiter->keyFor(request);
    if (!key) continue;
    std::optional<RateLimitDecision> decision;
    try {
      decision = limiter->check(*key);
    } catch (const RateLimitStoreError& e) {
      request.rate_limited_by = limiter->config().name;  // refused here: nothing counts
      response.setError(503, "rate_limit_unavailable", "Service unavailable, retry later",
                        "rate-limit store of " + limiter->config().name + ": " + e.what());
      return false;
    }
    if (!decision) continue;  // store failed, fail open
    if (!decision->allowed) {
      request.rate_limited_by = limiter->config().name;
      limiter->reject(request, response, *decision);
      return false;
    }
    if (limiter->config().headers && (!tightest || decision->remaining < tightest->remaining)) {
      tightest = decision;
    }
  }
  if (tightest) {
    response.setHeader("RateLimit-Limit", std::to_string(tightest->limit));
    response.setHeader("RateLimit-Remaining", std::to_string(tightest->remaining));
    response.setHeader("RateLimit-Reset", std::to_string((tightest->reset_ms + 999) / 1000));
  }
  return true;
}

void RateLimitMiddleware::onResponse(const http::Request& request, http::Response& response) {
  if (!request.rate_limited_by.empty()) return;  // refused here: nothing ran, nothing counts
  const int status = response.has_error ? response.error.status : response.status;
  for (RateLimiter* limiter : limiters_) {
    if (!limiter->config().count_failed_only || !limiter->countsAsFailure(status)) continue;
    if (const auto key = limiter->keyFor(request)) limiter->recordResponse(*key, status);
  }
}

}  // namespace atrium::host::middleware

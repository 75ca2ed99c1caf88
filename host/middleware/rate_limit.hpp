#pragma once

#include <vector>

#include "host/middleware/middleware.hpp"
#include "host/middleware/rate_limiter.hpp"

namespace atrium::host::middleware {

// A route's rate limiters, checked in order after authentication (so `user` keys see the
// principal). The first limiter that refuses answers 429 (Retry-After, its body or the route's
// envelope) and the rest are not consulted. count: failed limiters only look at request time and
// count the answer in onResponse when its status is a failure (never their own 429). Answers
// that pass carry RateLimit-Limit / RateLimit-Remaining / RateLimit-Reset of the tightest
// limiter that has headers on. A store failure lets the request pass (on_store_error: allow) or
// answers 503 "rate_limit_unavailable" (deny).
class RateLimitMiddleware final : public Middleware {
 public:
  explicit RateLimitMiddleware(std::vector<RateLimiter*> limiters)
      : limiters_(std::move(limiters)) {}

  bool onRequest(http::Request& request, http::Response& response) override;
  void onResponse(const http::Request& request, http::Response& response) override;

 private:
  std::vector<RateLimiter*> limiters_;
};

}  // namespace atrium::host::middleware

#pragma once

#include <cstddef>

#include "host/middleware/middleware.hpp"

namespace atrium::host::middleware {

// Refuses a request whose body, or whose declared Content-Length, is larger than the route's
// limit: 413 "payload_too_large". A body exactly at the limit passes. A Content-Length that is
// all digits but overflows counts as too large; one that is not a number is left to the HTTP
// parser (not this step's concern).
class BodyLimitMiddleware final : public Middleware {
 public:
  explicit BodyLimitMiddleware(size_t limit) : limit_(limit) {}

  bool onRequest(http::Request& request, http::Response& response) override;
  void onResponse(const http::Request& request, http::Response& response) override;

  size_t limit() const { return limit_; }

 private:
  size_t limit_;
};

}  // namespace atrium::host::middleware

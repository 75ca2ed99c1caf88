#pragma once

#include "host/http/request.hpp"
#include "host/http/response.hpp"

namespace atrium::host::middleware {

// One step of a route's chain. The server builds a chain per route at start-up from the
// config and runs onRequest in order, the handler, then onResponse in reverse order (also for
// responses produced by a step that stopped the chain, by the router, or by an error).
// Implementations are shared by all worker threads: they must be thread-safe and keep no
// per-request state in members.
class Middleware {
 public:
  virtual ~Middleware() = default;
  // Return false to stop the chain; `response` must then hold the answer (or an error set
  // with Response::setError, rendered later in the product's envelope).
  virtual bool onRequest(http::Request& request, http::Response& response) = 0;
  virtual void onResponse(const http::Request& request, http::Response& response) = 0;
};

}  // namespace atrium::host::middleware

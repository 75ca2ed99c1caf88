#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "host/middleware/middleware.hpp"

namespace atrium::host::middleware {

// An ordered list of middleware steps for one route. Built once at start-up (add() is not
// thread-safe), then shared read-only by all worker threads; per-request state lives in the
// ChainProgress the caller keeps between runRequest and runResponse.
class MiddlewareChain {
 public:
  struct Progress {
    bool proceed = true;  // true: every onRequest passed, run the handler
    size_t ran = 0;       // steps whose onResponse must run (the stopping step included)
  };

  void add(std::shared_ptr<Middleware> step);
  size_t size() const { return steps_.size(); }

  // Runs onRequest in order until one returns false. An exception from a step stops the chain
  // with a 500 error (the exception text kept as internal detail, never sent to the client).
  Progress runRequest(http::Request& request, http::Response& response) const;

  // Runs onResponse in reverse for the first `ran` steps. A step that throws turns the response
  // into a 500 error; the remaining steps still run.
  void runResponse(const http::Request& request, http::Response& response, size_t ran) const;
  void runResponse(const http::Request& request, http::Response& response,
                   const Progress& progress) const {
    runResponse(request, response, progress.ran);
  }

 private:
  std::vector<std::shared_ptr<Middleware>> steps_;
};

}  // namespace atrium::host::middleware

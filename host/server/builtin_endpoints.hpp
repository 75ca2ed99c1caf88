#pragma once

#include <atomic>
#include <chrono>
#include <functional>

#include "host/http/metrics.hpp"
#include "host/http/request.hpp"
#include "host/http/response.hpp"

namespace atrium::host::server {

// /health (the process is up), /ready (it can serve: not draining; later issues add the
// database and migrations) and /metrics (Prometheus text format).
class BuiltinEndpoints {
 public:
  using Handler = std::function<void(const http::Request&, http::Response&)>;

  BuiltinEndpoints(http::Metrics& metrics, const std::atomic<bool>& draining,
                   std::chrono::steady_clock::time_point started)
      : metrics_(metrics), draining_(draining), started_(started) {}

  Handler health() const;
  Handler ready() const;
  Handler metrics() const;

 private:
  http::Metrics& metrics_;
  const std::atomic<bool>& draining_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace atrium::host::server

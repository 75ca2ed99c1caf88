#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "host/http/metrics.hpp"
#include "host/http/request.hpp"
#include "host/http/response.hpp"

namespace atrium::host::server {

// A readiness condition: std::nullopt when satisfied, else the reason ("database"). Must not
// block: /ready runs on a network thread.
using ReadinessCheck = std::function<std::optional<std::string>()>;
// Appends Prometheus text for /metrics (e.g. the database's statement metrics).
using MetricsSource = std::function<void(std::string&)>;
// The scripts' status as JSON for /admin/scripts.
using ScriptStatusSource = std::function<std::string()>;

// /health (the process is up), /ready (it can serve: not draining, and every readiness check
// passes, e.g. the database is reachable) and /metrics (Prometheus text format).
class BuiltinEndpoints {
 public:
  using Handler = std::function<void(const http::Request&, http::Response&)>;

  BuiltinEndpoints(http::Metrics& metrics, const std::atomic<bool>& draining,
                   std::chrono::steady_clock::time_point started,
                   std::vector<ReadinessCheck> readiness = {},
                   std::vector<MetricsSource> metrics_sources = {})
      : metrics_(metrics),
        draining_(draining),
        started_(started),
        readiness_(std::move(readiness)),
        metrics_sources_(std::move(metrics_sources)) {}

  Handler health() const;
  Handler ready() const;
  Handler metrics() const;
  // Loopback clients only (403 otherwise) until authentication and roles exist.
  static Handler scripts(ScriptStatusSource source);

 private:
  http::Metrics& metrics_;
  const std::atomic<bool>& draining_;
  std::chrono::steady_clock::time_point started_;
  std::vector<ReadinessCheck> readiness_;
  std::vector<MetricsSource> metrics_sources_;
};

}  // namespace atrium::host::server

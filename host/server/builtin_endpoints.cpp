#include "host/server/builtin_endpoints.hpp"

#include <string>

namespace atrium::host::server {

BuiltinEndpoints::Handler BuiltinEndpoints::health() const {
  auto started = started_;
  return [started](const http::Request&, http::Response& response) {
    auto uptime =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started)
            .count();
    response.setJson(200, R"({"status":"ok","uptime_seconds":)" + std::to_string(uptime) + "}");
    response.setHeader("Cache-Control", "no-store");
  };
}

BuiltinEndpoints::Handler BuiltinEndpoints::ready() const {
  const std::atomic<bool>* draining = &draining_;
  return [draining](const http::Request&, http::Response& response) {
    if (draining->load()) {
      response.setJson(503, R"({"status":"not_ready","reasons":["draining"]})");
    } else {
      response.setJson(200, R"({"status":"ready"})");
    }
    response.setHeader("Cache-Control", "no-store");
  };
}

BuiltinEndpoints::Handler BuiltinEndpoints::metrics() const {
  http::Metrics* metrics = &metrics_;
  return [metrics](const http::Request&, http::Response& response) {
    response.status = 200;
    response.body = metrics->renderPrometheus();
    response.content_type = "text/plain; version=0.0.4; charset=utf-8";
    response.setHeader("Cache-Control", "no-store");
  };
}

}  // namespace atrium::host::server

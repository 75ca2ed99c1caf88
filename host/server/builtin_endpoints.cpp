#include "host/server/builtin_endpoints.hpp"

#include <string>

#include <nlohmann/json.hpp>

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
  return [draining, checks = readiness_](const http::Request&, http::Response& response) {
    nlohmann::json reasons = nlohmann::json::array();
    if (draining->load()) reasons.push_back("draining");
    for (const auto& check : checks) {
      if (auto reason = check()) reasons.push_back(std::move(*reason));
    }
    if (reasons.empty()) {
      response.setJson(200, R"({"status":"ready"})");
    } else {
      response.setJson(503, nlohmann::json{{"status", "not_ready"}, {"reasons", reasons}}.dump());
    }
    response.setHeader("Cache-Control", "no-store");
  };
}

BuiltinEndpoints::Handler BuiltinEndpoints::metrics() const {
  http::Metrics* metrics = &metrics_;
  return [metrics, sources = metrics_sources_](const http::Request&, http::Response& response) {
    response.status = 200;
    response.body = metrics->renderPrometheus();
    for (const auto& source : sources) source(response.body);
    response.content_type = "text/plain; version=0.0.4; charset=utf-8";
    response.setHeader("Cache-Control", "no-store");
  };
}

}  // namespace atrium::host::server

namespace atrium::host::server {

BuiltinEndpoints::Handler BuiltinEndpoints::scripts(ScriptStatusSource source) {
  // Who may read it is decided before: the pipeline puts the auth middleware (admin_roles) in
  // front of it.
  return [source = std::move(source)](const http::Request& /*request*/, http::Response& response) {
    response.setJson(200, source());
    response.setHeader("Cache-Control", "no-store");
  };
}

}  // namespace atrium::host::server

#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "host/common/logger.hpp"
#include "host/config/host_config.hpp"
#include "host/http/metrics.hpp"
#include "host/http/request.hpp"
#include "host/http/response.hpp"
#include "host/http/router.hpp"
#include "host/middleware/access_log.hpp"
#include "host/middleware/chain.hpp"
#include "host/middleware/rate_limiter.hpp"
#include "host/server/builtin_endpoints.hpp"
#include "host/server/responder.hpp"
#include "host/server/worker_pool.hpp"

namespace atrium::host::plugin {
class PluginManager;
struct HandlerEntry;
}  // namespace atrium::host::plugin

namespace atrium::host::auth {
class AuthService;
}

namespace atrium::host::events {
class EventsService;
}

namespace atrium::host::server {

class EventsEndpoint;

// The request path, independent of the network layer: route → middleware → handler → error
// envelope → metrics and access log → Responder. Built once at start-up from the config and
// the loaded plugins; shared by every reactor and worker thread (read-only after construction).
class Pipeline {
 public:
  using BuiltinHandler = std::function<void(const http::Request&, http::Response&)>;

  struct Dependencies {
    const config::HostConfig& config;
    const plugin::PluginManager& plugins;
    WorkerPool& workers;
    http::Metrics& metrics;
    const common::LogSink& logs;
    std::vector<ReadinessCheck> readiness = {};       // /ready conditions besides draining
    std::vector<MetricsSource> metrics_sources = {};  // appended to /metrics
    // Script routes (`script:` in the YAML). Without them such routes are refused at start.
    std::function<void(std::string_view script_id, http::Request&, http::Response&)> run_script =
        {};
    std::function<bool(std::string_view script_id)> script_exists = {};
    ScriptStatusSource script_status = {};  // served at builtin.scripts_path when set
    // Authentication (routes with auth/roles). Without it such routes are refused at start.
    const auth::AuthService* auth = nullptr;
    // Rate limiters with `store: database` keep their counters here; null: no database open
    // (check-config), such limiters are then never consulted.
    db::Database* database = nullptr;
    // Server-sent events (events.path and <events.path>/ticket); null or events.enabled
    // false: not served.
    events::EventsService* events = nullptr;
    // Stored uploads, served (GET, HEAD) at "<uploads_prefix>/*key" on the worker pool (they
    // read from disk). Unset or an empty prefix: not served.
    BuiltinHandler uploads = {};
    std::string uploads_prefix = {};
  };

  // Throws config::ConfigError when a route cannot be served (unknown handler, features whose
  // issue has not landed yet such as rate limits, auth without the auth service).
  explicit Pipeline(const Dependencies& deps);
  ~Pipeline();

  // Takes one request; answers exactly once through `responder`, possibly from another thread.
  void handle(std::unique_ptr<http::Request> request, std::unique_ptr<Responder> responder);

  // An error response in the default envelope, for answers produced outside a request (408).
  http::Response standaloneError(int status) const;

  // Writes buffered access-log lines now (at shutdown, before the last log line).
  void flushLogs();

  // Draining: /ready answers 503 so load balancers stop sending traffic.
  void setDraining(bool draining) { draining_.store(draining); }
  bool draining() const { return draining_.load(); }

 private:
  struct Target;

  // GET events.path (a stream) and POST events.path/ticket (host/server/events_endpoint.hpp).
  void addEventsRoutes(events::EventsService& service);
  // `run_inline`: on the reactor thread (cheap, never blocking); false: on the worker pool.
  void addBuiltin(const std::string& path, BuiltinHandler handler, bool admin = false,
                  bool run_inline = true);
  void buildRouteTargets();
  // Points `target` at the route's plugin handler or script. False when it cannot run: the
  // problem is added to `errors` (an unknown handler is reported by unknownHandlers instead).
  // Adds the auth step when the route has auth or roles. False (problem in `errors`) when the
  // route needs it and there is no auth service.
  // The auth step for `mode` and `roles`, answering in auth.errors.envelope (needs auth_).
  std::shared_ptr<middleware::Middleware> authMiddleware(
      config::AuthMode mode, const std::vector<std::string>& roles) const;
  bool addAuth(const config::RouteConfig& route, size_t index, Target& target,
               std::vector<std::string>& errors) const;
  bool resolveRunnable(const config::RouteConfig& route, size_t index, Target& target,
                       std::vector<std::string>& errors) const;
  // The route's rate limiters (its own or defaults.rate_limit), after body limit and auth.
  void addRateLimits(const config::RouteConfig& route, Target& target);
  // Answers a request no route takes; returns the metrics series it counts under.
  size_t respondWithoutRoute(http::Request& request, http::Response& response,
                             const http::Router::Match& match);
  bool handlePreflight(http::Request& request, http::Response& response);
  void runTarget(const Target& target, http::Request& request, http::Response& response) const;
  void invokeHandler(const Target& target, http::Request& request, http::Response& response) const;
  void finish(const Target* target, size_t metric, std::chrono::steady_clock::time_point start,
              http::Request& request, http::Response& response, Responder& responder) const;
  void renderError(const Target* target, const http::Request& request,
                   http::Response& response) const;

  const config::HostConfig& config_;
  const plugin::PluginManager& plugins_;
  const auth::AuthService* auth_;
  std::function<void(std::string_view, http::Request&, http::Response&)> run_script_;
  std::function<bool(std::string_view)> script_exists_;
  WorkerPool& workers_;
  http::Metrics& metrics_;
  common::Logger logger_;
  std::unique_ptr<common::BufferedLineWriter> access_buffer_;  // null: unbuffered
  middleware::AccessLog access_log_;
  middleware::RateLimiterSet rate_limiters_;  // used by the targets' chains: declared first
  http::Router router_;
  std::vector<std::unique_ptr<Target>> targets_;
  std::unique_ptr<EventsEndpoint> events_endpoint_;
  middleware::MiddlewareChain global_chain_;  // request id, security headers: every answer
  size_t not_found_metric_ = 0;
  size_t method_not_allowed_metric_ = 0;
  size_t preflight_metric_ = 0;
  size_t internal_error_metric_ = 0;
  std::atomic<bool> draining_{false};
  std::chrono::steady_clock::time_point started_;
};

}  // namespace atrium::host::server

#include "host/server/pipeline.hpp"

#include <exception>

#include "host/config/config_error.hpp"
#include "host/http/envelope.hpp"
#include "host/middleware/auth.hpp"
#include "host/middleware/body_limit.hpp"
#include "host/middleware/cors.hpp"
#include "host/middleware/rate_limit.hpp"
#include "host/middleware/request_id.hpp"
#include "host/middleware/security_headers.hpp"
#include "host/middleware/validation.hpp"
#include "host/plugin/plugin_manager.hpp"
#include "host/server/builtin_endpoints.hpp"
#include "host/server/events_endpoint.hpp"
#include "host/server/stream_head.hpp"

namespace atrium::host::server {

using Clock = std::chrono::steady_clock;

// What a matched route runs: a plugin handler or a built-in endpoint, behind its chain.
struct Pipeline::Target {
  const config::RouteConfig* route = nullptr;  // null for built-ins
  std::string pattern;
  std::string handler_id;  // "<plugin>.<id>", "script:<id>" or "builtin"
  const plugin::HandlerEntry* handler = nullptr;
  std::string script_id;  // set for script routes
  BuiltinHandler builtin;
  bool run_inline = false;  // on the reactor thread: built-ins and non-blocking handlers
  bool stream = false;      // may answer with a stream: the connection is reserved first
  middleware::MiddlewareChain chain;
  const config::Envelope* envelope = nullptr;
  const config::CorsPolicy* cors = nullptr;
  size_t metric_id = 0;
};

namespace {

std::string markPrefix(const config::RouteConfig& route, size_t index) {
  return route.mark.str() + ": routes[" + std::to_string(index) + "]";
}

}  // namespace

Pipeline::Pipeline(const Dependencies& deps)
    : config_(deps.config),
      plugins_(deps.plugins),
      auth_(deps.auth),
      run_script_(deps.run_script),
      script_exists_(deps.script_exists),
      workers_(deps.workers),
      metrics_(deps.metrics),
      logger_(deps.logs, "host.pipeline"),
      access_buffer_(deps.config.logging.access_log_buffer > 0
                         ? std::make_unique<common::BufferedLineWriter>(
                               deps.logs, deps.config.logging.access_log_buffer,
                               deps.config.logging.access_log_flush)
                         : nullptr),
      access_log_(deps.logs, access_buffer_.get()),
      rate_limiters_(deps.config.rate_limits, deps.database, deps.logs),
      started_(Clock::now()) {
  global_chain_.add(std::make_shared<middleware::RequestIdMiddleware>());
  if (config_.security_headers.enabled) {
    global_chain_.add(
        std::make_shared<middleware::SecurityHeadersMiddleware>(config_.security_headers));
  }
  not_found_metric_ = metrics_.registerRoute("", "(not_found)", "");
  method_not_allowed_metric_ = metrics_.registerRoute("", "(method_not_allowed)", "");
  preflight_metric_ = metrics_.registerRoute("OPTIONS", "(cors_preflight)", "");
  internal_error_metric_ = metrics_.registerRoute("", "(internal_error)", "");
  buildRouteTargets();
  std::vector<MetricsSource> metrics_sources = deps.metrics_sources;
  if (!rate_limiters_.empty()) {
    metrics_sources.push_back([this](std::string& out) { rate_limiters_.renderPrometheus(out); });
  }
  BuiltinEndpoints builtins{metrics_, draining_, started_, deps.readiness, metrics_sources};
  addBuiltin(config_.builtin.health_path, builtins.health());
  addBuiltin(config_.builtin.ready_path, builtins.ready());
  addBuiltin(config_.builtin.metrics_path, builtins.metrics());
  if (deps.script_status) {
    addBuiltin(config_.builtin.scripts_path, BuiltinEndpoints::scripts(deps.script_status),
               /*admin=*/true);
  }
  if (deps.events != nullptr && config_.events.enabled) addEventsRoutes(*deps.events);
  if (deps.uploads && !deps.uploads_prefix.empty()) {
    addBuiltin(deps.uploads_prefix + "/*key", deps.uploads, /*admin=*/false,
               /*run_inline=*/false);
  }
}

Pipeline::~Pipeline() = default;

void Pipeline::flushLogs() {
  if (access_buffer_) access_buffer_->flush();
}

void Pipeline::buildRouteTargets() {
  // Unknown handler ids, with what each plugin does register.
  std::vector<std::string> errors = plugins_.unknownHandlers(config_);
  for (size_t i = 0; i < config_.routes.size(); ++i) {
    const auto& route = config_.routes[i];
    auto target = std::make_unique<Target>();
    target->route = &route;
    target->pattern = route.path;
    if (!resolveRunnable(route, i, *target, errors)) continue;
    const std::string& envelope =
        route.envelope.empty() ? config_.defaults.envelope : route.envelope;
    target->envelope = &config_.envelopes.at(envelope);
    const std::string& cors = route.cors.empty() ? config_.defaults.cors : route.cors;
    if (!cors.empty() && cors != "off") {
      target->cors = &config_.cors_policies.at(cors);
      target->chain.add(std::make_shared<middleware::CorsMiddleware>(*target->cors));
    }
    target->chain.add(std::make_shared<middleware::BodyLimitMiddleware>(
        route.body_limit.value_or(config_.defaults.body_limit)));
    if (!addAuth(route, i, *target, errors)) continue;
    // After auth: rate limits may key on the principal, validation runs on admitted requests.
    addRateLimits(route, *target);
    if (route.validate) {
      target->chain.add(std::make_shared<middleware::ValidationMiddleware>(route.validate));
    }
    target->metric_id = metrics_.registerRoute(route.method, route.path, target->handler_id);
    try {
      router_.add(route.method, route.path, targets_.size());
    } catch (const std::invalid_argument& e) {
      errors.push_back(markPrefix(route, i) + ".path: " + e.what());
      continue;
    }
    targets_.push_back(std::move(target));
  }
  if (!errors.empty()) throw config::ConfigError(std::move(errors));
}

std::shared_ptr<middleware::Middleware> Pipeline::authMiddleware(
    config::AuthMode mode, const std::vector<std::string>& roles) const {
  const std::string& envelope = config_.auth.errors.envelope;
  return std::make_shared<middleware::AuthMiddleware>(
      *auth_, mode, roles, envelope.empty() ? nullptr : &config_.envelopes.at(envelope),
      config_.product);
}

bool Pipeline::addAuth(const config::RouteConfig& route, size_t index, Target& target,
                       std::vector<std::string>& errors) const {
  if (route.auth == config::AuthMode::kNone && route.roles.empty()) return true;
  if (auth_ == nullptr) {
    errors.push_back(markPrefix(route, index) +
                     ".auth: the authentication service is not running in this process");
    return false;
  }
  target.chain.add(authMiddleware(route.auth, route.roles));
  return true;
}

void Pipeline::addRateLimits(const config::RouteConfig& route, Target& target) {
  const std::vector<std::string>& names = route.rate_limit.value_or(config_.defaults.rate_limit);
  std::vector<middleware::RateLimiter*> limiters;
  for (const std::string& name : names) {
    // Unknown names were refused when the config was built.
    if (middleware::RateLimiter* limiter = rate_limiters_.find(name)) limiters.push_back(limiter);
  }
  if (limiters.empty()) return;
  target.chain.add(std::make_shared<middleware::RateLimitMiddleware>(std::move(limiters)));
}

bool Pipeline::resolveRunnable(const config::RouteConfig& route, size_t index, Target& target,
                               std::vector<std::string>& errors) const {
  if (route.script.empty()) {
    target.handler_id = route.handler;
    target.handler = plugins_.findHandler(route.handler);
    if (target.handler == nullptr) return false;  // reported by unknownHandlers
    target.run_inline = target.handler->nonblocking;
    return true;
  }
  if (!run_script_) {
    errors.push_back(markPrefix(route, index) +
                     ".script: script routes need the script engine, which is not running");
    return false;
  }
  if (script_exists_ && !script_exists_(route.script)) {
    errors.push_back(markPrefix(route, index) + ".script: unknown script '" + route.script +
                     "' (no file " + route.script + ".lua in scripts.dir)");
    return false;
  }
  target.script_id = route.script;
  target.handler_id = "script:" + route.script;
  // Scripts may wait on the database: they leave the reactor unless the route says they only
  // compute (atrium.db then raises an error, so a misconfigured route cannot stall a reactor).
  target.run_inline = route.nonblocking;
  return true;
}

void Pipeline::addBuiltin(const std::string& path, BuiltinHandler handler, bool admin,
                          bool run_inline) {
  if (path.empty()) return;  // disabled in config
  auto target = std::make_unique<Target>();
  if (admin) {
    // Admin endpoints answer only to an access token with one of builtin.admin_roles; without
    // the auth service (never in serve) they answer nobody.
    if (auth_ == nullptr) {
      handler = [](const http::Request&, http::Response& response) {
        response.setError(403, "forbidden", "Forbidden");
      };
    } else {
      target->chain.add(authMiddleware(config::AuthMode::kRequired, config_.builtin.admin_roles));
    }
  }
  target->pattern = path;
  target->handler_id = "builtin";
  target->builtin = std::move(handler);
  target->run_inline = run_inline;
  target->envelope = &config_.envelopes.at(config_.defaults.envelope);
  target->metric_id = metrics_.registerRoute("GET", path, "builtin");
  router_.add("GET", path, targets_.size());
  targets_.push_back(std::move(target));
}

void Pipeline::addEventsRoutes(events::EventsService& service) {
  events_endpoint_ = std::make_unique<EventsEndpoint>(service);
  const EventsEndpoint* endpoint = events_endpoint_.get();
  struct Spec {
    const char* method;
    std::string path;
    config::AuthMode auth;
    BuiltinHandler handler;
  };
  const std::string& path = config_.events.path;
  std::vector<Spec> specs;
  // The stream authenticates by token (optional here: a ticket may stand in) or ticket.
  specs.push_back({"GET", path, config::AuthMode::kOptional,
                   [endpoint](const http::Request& request, http::Response& response) {
                     endpoint->stream(request, response);
                   }});
  specs.push_back({"POST", path + "/ticket", config::AuthMode::kRequired,
                   [endpoint](const http::Request& request, http::Response& response) {
                     endpoint->ticket(request, response);
                   }});
  std::vector<std::string> errors;
  for (Spec& spec : specs) {
    auto target = std::make_unique<Target>();
    target->pattern = spec.path;
    target->handler_id = "builtin.events";
    target->builtin = std::move(spec.handler);
    target->stream = std::string_view(spec.method) == "GET";
    // Topic rules may call plugin handlers or scripts that wait on the database: the worker
    // pool, like any blocking route (the connection was reserved on the reactor before).
    target->run_inline = false;
    target->envelope = &config_.envelopes.at(config_.defaults.envelope);
    const std::string& cors = config_.defaults.cors;
    if (!cors.empty() && cors != "off") {
      target->cors = &config_.cors_policies.at(cors);
      target->chain.add(std::make_shared<middleware::CorsMiddleware>(*target->cors));
    }
    target->chain.add(std::make_shared<middleware::BodyLimitMiddleware>(1024));
    if (auth_ == nullptr) {
      errors.push_back(config_.source_file +
                       ": events: the authentication service is not running in this process");
      continue;
    }
    target->chain.add(authMiddleware(spec.auth, {}));
    target->metric_id = metrics_.registerRoute(spec.method, spec.path, target->handler_id);
    try {
      router_.add(spec.method, spec.path, targets_.size());
    } catch (const std::invalid_argument& e) {
      errors.push_back(config_.source_file + ": events.path: " + e.what());
      continue;
    }
    targets_.push_back(std::move(target));
  }
  if (!errors.empty()) throw config::ConfigError(std::move(errors));
}

void Pipeline::handle(std::unique_ptr<http::Request> request,
                      std::unique_ptr<Responder> responder) {
  const auto start = Clock::now();
  metrics_.incrementInFlight();
  http::Response response;
  try {
    auto match = router_.match(request->method, request->path);
    if (match.outcome != http::Router::Outcome::kFound) {
      const size_t metric = respondWithoutRoute(*request, response, match);
      finish(nullptr, metric, start, *request, response, *responder);
      return;
    }
    const Target& target = *targets_[match.route_index];
    request->route = target.route;
    request->route_pattern = target.pattern;
    request->params = std::move(match.params);
    if (target.stream) responder->reserveStream();  // on the network thread, while valid
    if (target.run_inline) {
      runTarget(target, *request, response);
      finish(&target, target.metric_id, start, *request, response, *responder);
      return;
    }
    // Blocking work leaves the reactor; the task shares ownership of request and responder so
    // that a refused task can still be answered here.
    auto shared_request = std::shared_ptr<http::Request>(std::move(request));
    auto shared_responder = std::shared_ptr<Responder>(std::move(responder));
    auto task = [this, &target, start, shared_request, shared_responder] {
      http::Response out;
      runTarget(target, *shared_request, out);
      finish(&target, target.metric_id, start, *shared_request, out, *shared_responder);
    };
    if (!workers_.trySubmit(std::move(task))) {
      metrics_.incrementCounter("worker_queue_rejected");
      response.setError(503, "server_busy", "Server busy, retry later");
      global_chain_.runRequest(*shared_request, response);
      finish(&target, target.metric_id, start, *shared_request, response, *shared_responder);
    }
    return;
  } catch (const std::exception& e) {
    response.setError(500, "internal_error", "Internal server error", e.what());
    if (request && responder) {
      finish(nullptr, internal_error_metric_, start, *request, response, *responder);
    }
  }
}

size_t Pipeline::respondWithoutRoute(http::Request& request, http::Response& response,
                                     const http::Router::Match& match) {
  global_chain_.runRequest(request, response);
  if (request.method == "OPTIONS" && handlePreflight(request, response)) return preflight_metric_;
  if (match.outcome == http::Router::Outcome::kMethodNotAllowed) {
    response.setError(405, "method_not_allowed", "Method not allowed");
    std::string allow;
    for (const auto& method : match.allowed) allow += (allow.empty() ? "" : ", ") + method;
    response.setHeader("Allow", allow);
    return method_not_allowed_metric_;
  }
  response.setError(404, "not_found", "Not found");
  return not_found_metric_;
}

bool Pipeline::handlePreflight(http::Request& request, http::Response& response) {
  auto requested = request.header("Access-Control-Request-Method");
  if (!request.header("Origin") || !requested) return false;
  auto match = router_.match(*requested, request.path);
  if (match.outcome != http::Router::Outcome::kFound) return false;
  const Target& target = *targets_[match.route_index];
  if (target.cors == nullptr) return false;
  middleware::handlePreflight(*target.cors, request, response);
  return true;
}

void Pipeline::runTarget(const Target& target, http::Request& request,
                         http::Response& response) const {
  try {
    auto global = global_chain_.runRequest(request, response);
    middleware::MiddlewareChain::Progress route;
    route.proceed = false;
    if (global.proceed) route = target.chain.runRequest(request, response);
    if (global.proceed && route.proceed) invokeHandler(target, request, response);
    target.chain.runResponse(request, response, route.ran);
  } catch (const std::exception& e) {
    response.setError(500, "internal_error", "Internal server error", e.what());
  }
}

void Pipeline::invokeHandler(const Target& target, http::Request& request,
                             http::Response& response) const {
  if (target.builtin) {
    target.builtin(request, response);
    return;
  }
  if (!target.script_id.empty()) {
    run_script_(target.script_id, request, response);
  } else {
    target.handler->invoke(request, response);
  }
  if (response.has_error && response.status >= 500 && !response.error.internal_detail.empty()) {
    metrics_.recordHandlerError(target.handler_id);
  }
}

void Pipeline::renderError(const Target* target, const http::Request& request,
                           http::Response& response) const {
  auto& error = response.error;
  if (error.status >= 500) {
    // A 500 is a bug (error); 502/503/504 say a dependency is down, which is expected while it
    // lasts (warn: an outage must not bury the real errors).
    nlohmann::json fields = {{"status", error.status},
                             {"handler", target ? target->handler_id : ""},
                             {"route", request.route_pattern}};
    if (!error.internal_detail.empty()) fields["detail"] = error.internal_detail;
    logger_.log(error.status == 500 ? common::LogLevel::kError : common::LogLevel::kWarn,
                "request failed", request.request_id, fields);
    if (error.status == 500) {
      error.message = "Internal server error (request id " + request.request_id + ")";
    }
  }
  const config::Envelope& envelope = target && target->envelope
                                         ? *target->envelope
                                         : config_.envelopes.at(config_.defaults.envelope);
  response.body = http::renderError(envelope, error, request.request_id);
  response.content_type = "application/json";
  response.status = error.status;
}

void Pipeline::finish(const Target* target, size_t metric, Clock::time_point start,
                      http::Request& request, http::Response& response,
                      Responder& responder) const {
  global_chain_.runResponse(request, response, global_chain_.size());
  const bool head = request.method == "HEAD";
  int stream_fd = -1;
  if (response.stream && !response.has_error && response.status == 200 && !head) {
    stream_fd = responder.detachStream();
    if (stream_fd < 0) {
      response.setError(500, "internal_error", "Internal server error",
                        "the connection could not be handed over to the stream");
    }
  }
  if (response.has_error) renderError(target, request, response);
  const auto elapsed = Clock::now() - start;
  metrics_.recordRequest(metric, request.method, response.status,
                         std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed));
  if (config_.logging.access_log) {
    access_log_.record(request, response.status, head ? 0 : response.body.size(),
                       std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed),
                       target ? target->pattern : std::string_view{});
  }
  metrics_.decrementInFlight();
  if (stream_fd >= 0) {
    response.stream(stream_fd, renderStreamHead(response));
    return;
  }
  responder.send(response, head);
}

http::Response Pipeline::standaloneError(int status) const {
  http::Response response;
  http::ErrorInfo error{status,
                        std::string(http::defaultCodeFor(status)),
                        std::string(http::defaultMessageFor(status)),
                        {}};
  response.status = status;
  response.body = http::renderError(config_.envelopes.at(config_.defaults.envelope), error, "");
  response.content_type = "application/json";
  return response;
}

}  // namespace atrium::host::server

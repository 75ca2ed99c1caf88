#include "host/config/host_config_builder.hpp"

#include <stdexcept>

namespace atrium::host::config {
namespace {

using Json = nlohmann::json;

std::chrono::milliseconds millis(const Json& value) {
  return std::chrono::milliseconds(value.get<int64_t>());
}

ServerConfig buildServer(ConfigBuildContext& ctx) {
  const Json& v = ctx.values().at("server");
  ServerConfig server;
  const YAML::Node yaml = ConfigBuildContext::child(ctx.root(), "server");
  try {
    server.listen = parseListenAddress(v.at("listen").get<std::string>());
  } catch (const std::invalid_argument& e) {
    ctx.error(ConfigBuildContext::child(yaml, "listen"), yaml, "server.listen", e.what());
  }
  server.reactor_threads = v.at("reactor_threads").get<int>();
  server.worker_threads = v.at("worker_threads").get<int>();
  server.max_request_bytes = v.at("max_request_size").get<size_t>();
  server.max_response_bytes = v.at("max_response_size").get<size_t>();
  server.header_timeout = millis(v.at("header_timeout"));
  server.body_timeout = millis(v.at("body_timeout"));
  server.keepalive_timeout = millis(v.at("keepalive_timeout"));
  server.drain_timeout = millis(v.at("drain_timeout"));
  server.worker_queue_limit = v.at("worker_queue_limit").get<size_t>();
  return server;
}

SecurityHeadersConfig buildSecurityHeaders(const Json& v) {
  SecurityHeadersConfig headers;
  headers.enabled = v.at("enabled").get<bool>();
  headers.frame_options = v.at("frame_options").get<std::string>();
  headers.content_security_policy = v.at("content_security_policy").get<std::string>();
  headers.referrer_policy = v.at("referrer_policy").get<std::string>();
  headers.nosniff = v.at("nosniff").get<bool>();
  const Json& hsts = v.at("hsts");
  headers.hsts.enabled = hsts.at("enabled").get<bool>();
  headers.hsts.max_age_seconds = hsts.at("max_age").get<int64_t>() / 1000;
  headers.hsts.include_subdomains = hsts.at("include_subdomains").get<bool>();
  return headers;
}

RouteDefaults buildDefaults(ConfigBuildContext& ctx, const HostConfig& config) {
  const Json& v = ctx.values().at("defaults");
  const YAML::Node yaml = ConfigBuildContext::child(ctx.root(), "defaults");
  RouteDefaults defaults;
  defaults.body_limit = v.at("body_limit").get<size_t>();
  defaults.cors = v.at("cors").get<std::string>();
  defaults.envelope = v.at("envelope").get<std::string>();
  defaults.rate_limit = v.at("rate_limit").get<std::vector<std::string>>();
  const YAML::Node limits = ConfigBuildContext::child(yaml, "rate_limit");
  for (size_t i = 0; i < defaults.rate_limit.size(); ++i) {
    if (!config.rate_limits.contains(defaults.rate_limit[i])) {
      ctx.error(
          ConfigBuildContext::item(limits, i), limits,
          "defaults.rate_limit[" + std::to_string(i) + "]",
          "unknown rate limiter '" + defaults.rate_limit[i] + "' (define it under rate_limits:)");
    }
  }
  if (defaults.cors == "off") defaults.cors.clear();
  if (!defaults.cors.empty() && !config.cors_policies.contains(defaults.cors)) {
    ctx.error(ConfigBuildContext::child(yaml, "cors"), yaml, "defaults.cors",
              "unknown CORS policy '" + defaults.cors + "' (define it under cors:)");
  }
  if (!config.envelopes.contains(defaults.envelope)) {
    ctx.error(ConfigBuildContext::child(yaml, "envelope"), yaml, "defaults.envelope",
              "unknown envelope '" + defaults.envelope + "' (define it under envelopes:)");
  }
  return defaults;
}

BuiltinEndpoints buildBuiltin(ConfigBuildContext& ctx) {
  const Json& v = ctx.values().at("builtin");
  const YAML::Node yaml = ConfigBuildContext::child(ctx.root(), "builtin");
  BuiltinEndpoints builtin;
  builtin.health_path = v.at("health_path").get<std::string>();
  builtin.ready_path = v.at("ready_path").get<std::string>();
  builtin.metrics_path = v.at("metrics_path").get<std::string>();
  builtin.scripts_path = v.at("scripts_path").get<std::string>();
  builtin.admin_roles = v.at("admin_roles").get<std::vector<std::string>>();
  const std::pair<const char*, const std::string*> paths[] = {
      {"health_path", &builtin.health_path},
      {"ready_path", &builtin.ready_path},
      {"metrics_path", &builtin.metrics_path},
      {"scripts_path", &builtin.scripts_path}};
  for (size_t i = 0; i < std::size(paths); ++i) {
    const auto& [key, path] = paths[i];
    const YAML::Node at = ConfigBuildContext::child(yaml, key);
    if (path->empty() || path->front() != '/') {
      ctx.error(at, yaml, std::string("builtin.") + key, "path must start with '/'");
    }
    for (size_t j = 0; j < i; ++j) {
      if (*paths[j].second == *path) {
        ctx.error(at, yaml, std::string("builtin.") + key,
                  "path '" + *path + "' is also builtin." + paths[j].first);
      }
    }
  }
  return builtin;
}

}  // namespace

HostConfig buildHostConfig(ConfigBuildContext& ctx,
                           const std::vector<std::string>& default_plugin_dirs,
                           const std::vector<std::string>& default_migrations_dirs) {
  const Json& v = ctx.values();
  HostConfig config;
  config.product = v.at("product").get<std::string>();
  config.environment = v.at("environment").get<std::string>();
  config.server = buildServer(ctx);
  config.logging.level = v.at("logging").at("level").get<std::string>();
  config.logging.access_log = v.at("logging").at("access_log").get<bool>();
  config.logging.access_log_buffer = v.at("logging").at("access_log_buffer").get<size_t>();
  config.logging.access_log_flush = millis(v.at("logging").at("access_log_flush"));
  config.security_headers = buildSecurityHeaders(v.at("security_headers"));
  config.cors_policies = buildCorsPolicies(ctx);
  config.envelopes = buildEnvelopes(ctx);
  config.rate_limits = buildRateLimits(ctx);
  config.defaults = buildDefaults(ctx, config);
  config.builtin = buildBuiltin(ctx);
  config.database = buildDatabase(ctx, config.product, default_migrations_dirs);
  config.scripts = buildScripts(ctx);
  config.mail = buildMail(ctx);
  config.sms = buildSms(ctx);
  config.outbox = buildOutbox(ctx);
  config.auth = buildAuth(ctx, config);
  config.events = buildEvents(ctx, config);
  config.ai = buildAi(ctx);
  config.storage = buildStorage(ctx, config.product);
  config.plugin_dirs = buildPluginDirs(ctx, default_plugin_dirs);
  config.plugins = buildPlugins(ctx, config.plugin_dirs);
  config.routes = buildRoutes(ctx, config);
  return config;
}

}  // namespace atrium::host::config

// buildRoutes: the `routes:` section and the checks that tie routes to the other sections.
#include <regex>

#include "host/config/host_config_builder.hpp"

namespace atrium::host::config {
namespace {

using Json = nlohmann::json;

// One route under construction: its values, its YAML (for positions) and its key path.
struct RouteInput {
  const Json& values;
  YAML::Node yaml;
  std::string path;
};

AuthMode parseAuth(const std::string& text) {
  if (text == "optional") return AuthMode::kOptional;
  if (text == "required") return AuthMode::kRequired;
  return AuthMode::kNone;
}

std::string optionalString(const Json& values, const char* key) {
  return values.contains(key) ? values.at(key).get<std::string>() : std::string();
}

// "/items/:id" and "/items/:slug" route the same requests: compare paths with names dropped.
std::string routeShape(const std::string& path) {
  static const std::regex parameter(":[^/]*");
  return std::regex_replace(path, parameter, ":");
}

void checkPath(ConfigBuildContext& ctx, const RouteInput& in, const RouteConfig& route) {
  const YAML::Node at = ConfigBuildContext::child(in.yaml, "path");
  static const std::regex parameter(":([^/]*)");
  static const std::regex parameter_name("^[A-Za-z_][A-Za-z0-9_]*$");
  if (route.path.empty() || route.path.front() != '/') {
    ctx.error(at, in.yaml, in.path + ".path", "path '" + route.path + "' must start with '/'");
  } else if (route.path.find_first_of(" \t?#") != std::string::npos) {
    ctx.error(at, in.yaml, in.path + ".path",
              "path '" + route.path + "' must not contain spaces, '?' or '#'");
  }
  for (auto it = std::sregex_iterator(route.path.begin(), route.path.end(), parameter);
       it != std::sregex_iterator(); ++it) {
    if (!std::regex_match((*it)[1].str(), parameter_name)) {
      ctx.error(at, in.yaml, in.path + ".path",
                "invalid parameter '" + it->str() + "' (write ':name', letters, digits, '_')");
    }
  }
}

void checkTarget(ConfigBuildContext& ctx, const RouteInput& in, const RouteConfig& route,
                 const HostConfig& config) {
  static const std::regex handler_id("^([a-z][a-z0-9_]*)\\.[a-z][a-z0-9_]*$");
  static const std::regex script_id("^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$");
  if (route.handler.empty() == route.script.empty()) {
    ctx.error(in.yaml, YAML::Node(), in.path,
              route.handler.empty() ? "set one of 'handler' and 'script'"
                                    : "set only one of 'handler' and 'script'");
    return;
  }
  if (route.nonblocking && route.script.empty()) {
    ctx.error(ConfigBuildContext::child(in.yaml, "nonblocking"), in.yaml, in.path + ".nonblocking",
              "nonblocking is for script routes; a plugin handler declares it in its "
              "registration (Registrar::handler(..., nonblocking))");
  }
  if (!route.script.empty()) {
    if (!std::regex_match(route.script, script_id)) {
      ctx.error(ConfigBuildContext::child(in.yaml, "script"), in.yaml, in.path + ".script",
                "invalid script id '" + route.script +
                    "' (its path under scripts/ without .lua, like 'taklifnoma/routes/home')");
    }
    return;
  }
  const YAML::Node at = ConfigBuildContext::child(in.yaml, "handler");
  std::smatch match;
  if (!std::regex_match(route.handler, match, handler_id)) {
    ctx.error(at, in.yaml, in.path + ".handler",
              "invalid handler id '" + route.handler + "' (expected '<plugin>.<handler>')");
    return;
  }
  const std::string plugin = match[1].str();
  const bool loaded = std::any_of(config.plugins.begin(), config.plugins.end(),
                                  [&](const PluginConfig& p) { return p.name == plugin; });
  if (!loaded) {
    ctx.error(at, in.yaml, in.path + ".handler",
              "handler '" + route.handler + "' names plugin '" + plugin +
                  "', which is not listed under plugins:");
  }
}

void checkReferences(ConfigBuildContext& ctx, const RouteInput& in, const RouteConfig& route,
                     const HostConfig& config) {
  if (!route.cors.empty() && route.cors != "off" && !config.cors_policies.contains(route.cors)) {
    ctx.error(ConfigBuildContext::child(in.yaml, "cors"), in.yaml, in.path + ".cors",
              "unknown CORS policy '" + route.cors + "' (define it under cors:, or write 'off')");
  }
  if (!route.envelope.empty() && !config.envelopes.contains(route.envelope)) {
    ctx.error(ConfigBuildContext::child(in.yaml, "envelope"), in.yaml, in.path + ".envelope",
              "unknown envelope '" + route.envelope + "' (define it under envelopes:)");
  }
  if (!route.roles.empty() && route.auth != AuthMode::kRequired) {
    ctx.error(ConfigBuildContext::child(in.yaml, "roles"), in.yaml, in.path + ".roles",
              "roles need 'auth: required'");
  }
  const BuiltinEndpoints& b = config.builtin;
  if (route.path == b.health_path || route.path == b.ready_path || route.path == b.metrics_path) {
    ctx.error(ConfigBuildContext::child(in.yaml, "path"), in.yaml, in.path + ".path",
              "path '" + route.path +
                  "' is served by the host itself (builtin:); choose another path or move the "
                  "built-in endpoint");
  }
}

RouteConfig makeRoute(ConfigBuildContext& ctx, const RouteInput& in) {
  RouteConfig route;
  route.method = in.values.at("method").get<std::string>();
  route.path = in.values.at("path").get<std::string>();
  route.handler = optionalString(in.values, "handler");
  route.script = optionalString(in.values, "script");
  route.nonblocking = in.values.at("nonblocking").get<bool>();
  route.auth = parseAuth(in.values.at("auth").get<std::string>());
  route.roles = in.values.at("roles").get<std::vector<std::string>>();
  route.rate_limit = optionalString(in.values, "rate_limit");
  if (in.values.contains("body_limit")) route.body_limit = in.values.at("body_limit").get<size_t>();
  route.cors = optionalString(in.values, "cors");
  route.envelope = optionalString(in.values, "envelope");
  route.mark = ctx.markOf(in.yaml);
  return route;
}

}  // namespace

std::vector<RouteConfig> buildRoutes(ConfigBuildContext& ctx, const HostConfig& config) {
  std::vector<RouteConfig> routes;
  const YAML::Node section = ConfigBuildContext::child(ctx.root(), "routes");
  const Json& values = ctx.values().at("routes");
  for (size_t i = 0; i < values.size(); ++i) {
    const RouteInput in{values[i], ConfigBuildContext::item(section, i),
                        "routes[" + std::to_string(i) + "]"};
    RouteConfig route = makeRoute(ctx, in);
    checkPath(ctx, in, route);
    checkTarget(ctx, in, route, config);
    checkReferences(ctx, in, route, config);
    const auto same = std::find_if(routes.begin(), routes.end(), [&](const RouteConfig& r) {
      return r.method == route.method && routeShape(r.path) == routeShape(route.path);
    });
    if (same != routes.end()) {
      ctx.error(ConfigBuildContext::child(in.yaml, "path"), in.yaml, in.path,
                "route " + route.method + " " + route.path + " is already defined at " +
                    same->mark.str() + " (" + same->path + ")");
    }
    routes.push_back(std::move(route));
  }
  return routes;
}

}  // namespace atrium::host::config

// buildRoutes: the `routes:` section and the checks that tie routes to the other sections.
#include <algorithm>
#include <regex>

#include <atrium/validation.hpp>

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

// rate_limit: a name or a list of names, each defined under rate_limits:.
void buildRateLimit(ConfigBuildContext& ctx, const RouteInput& in, const HostConfig& config,
                    RouteConfig& route) {
  if (!in.values.contains("rate_limit")) return;
  const Json& v = in.values.at("rate_limit");
  const YAML::Node at = ConfigBuildContext::child(in.yaml, "rate_limit");
  const std::string path = in.path + ".rate_limit";
  std::vector<std::string> names;
  if (v.is_string()) {
    names.push_back(v.get<std::string>());
  } else if (v.is_array() &&
             std::all_of(v.begin(), v.end(), [](const Json& e) { return e.is_string(); })) {
    names = v.get<std::vector<std::string>>();
  } else {
    ctx.error(at, in.yaml, path, "must be a limiter name or a list of limiter names");
    return;
  }
  for (size_t i = 0; i < names.size(); ++i) {
    if (!config.rate_limits.contains(names[i])) {
      const YAML::Node item = v.is_array() ? ConfigBuildContext::item(at, i) : at;
      ctx.error(item, in.yaml, v.is_array() ? path + "[" + std::to_string(i) + "]" : path,
                "unknown rate limiter '" + names[i] + "' (define it under rate_limits:)");
    }
  }
  route.rate_limit = std::move(names);
}

// The YAML node at a schema error's key path ("properties.email.min_length") under `root`, or
// the deepest one found.
YAML::Node nodeAtPath(const YAML::Node& root, const std::string& path) {
  YAML::Node node = root;
  size_t start = 0;
  while (start < path.size()) {
    const size_t dot = path.find('.', start);
    const std::string key = path.substr(start, dot == std::string::npos ? dot : dot - start);
    const YAML::Node next = ConfigBuildContext::child(node, key);
    if (!next.IsDefined()) break;
    node = next;
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return node;
}

std::shared_ptr<const sdk::Schema> compileSchema(ConfigBuildContext& ctx, const RouteInput& in,
                                                 const Json& spec, const char* which) {
  const YAML::Node validate = ConfigBuildContext::child(in.yaml, "validate");
  const YAML::Node at = ConfigBuildContext::child(validate, which);
  const std::string path = in.path + ".validate." + which;
  try {
    auto schema = std::make_shared<const sdk::Schema>(sdk::Schema::fromJson(spec));
    if (std::string(which) == "query" && (!schema->isObject() || !schema->hasProperties())) {
      ctx.error(at, validate, path, "the query schema needs 'type: object' and properties");
      return nullptr;
    }
    return schema;
  } catch (const sdk::SchemaError& e) {
    ctx.error(nodeAtPath(at, e.path()), at, e.path().empty() ? path : path + "." + e.path(),
              e.detail());
  }
  return nullptr;
}

void buildValidation(ConfigBuildContext& ctx, const RouteInput& in, RouteConfig& route) {
  // The schema gives every route a `validate` object (its defaults); only a written one counts.
  const YAML::Node written = ConfigBuildContext::child(in.yaml, "validate");
  if (!written.IsDefined() || written.IsNull()) return;
  const Json& v = in.values.at("validate");
  auto validation = std::make_shared<ValidationConfig>();
  if (v.contains("body")) validation->body = compileSchema(ctx, in, v.at("body"), "body");
  if (v.contains("query")) validation->query = compileSchema(ctx, in, v.at("query"), "query");
  validation->message = v.at("message").get<std::string>();
  validation->code = v.at("code").get<std::string>();
  validation->mark = ctx.markOf(ConfigBuildContext::child(in.yaml, "validate"), in.yaml);
  if (!v.contains("body") && !v.contains("query")) {
    ctx.error(ConfigBuildContext::child(in.yaml, "validate"), in.yaml, in.path + ".validate",
              "set body, query or both");
  }
  route.validate = std::move(validation);
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
    buildRateLimit(ctx, in, config, route);
    buildValidation(ctx, in, route);
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

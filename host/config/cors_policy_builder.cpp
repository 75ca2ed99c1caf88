// buildCorsPolicies: the `cors:` section.
#include <regex>

#include "host/config/host_config_builder.hpp"

namespace atrium::host::config {
namespace {

using Json = nlohmann::json;

const std::regex& policyNamePattern() {
  static const std::regex pattern("^[a-z][a-z0-9_-]*$");
  return pattern;
}

// What a browser sends in Origin: scheme://host[:port], never a path or a trailing slash.
const std::regex& originPattern() {
  static const std::regex pattern("^[a-z][a-z0-9+.-]*://[^/\\s?#]+$");
  return pattern;
}

void checkOrigins(ConfigBuildContext& ctx, const CorsPolicy& policy, const YAML::Node& yaml,
                  const std::string& path) {
  const YAML::Node origins = ConfigBuildContext::child(yaml, "allowed_origins");
  const bool any_origin = std::find(policy.allowed_origins.begin(), policy.allowed_origins.end(),
                                    "*") != policy.allowed_origins.end();
  for (size_t i = 0; i < policy.allowed_origins.size(); ++i) {
    const std::string& origin = policy.allowed_origins[i];
    const YAML::Node at = ConfigBuildContext::item(origins, i);
    const std::string item_path = path + ".allowed_origins[" + std::to_string(i) + "]";
    if (origin == "*") continue;
    if (any_origin) {
      ctx.error(at, origins, item_path, "'*' allows every origin; list no others beside it");
    } else if (!std::regex_match(origin, originPattern())) {
      ctx.error(at, origins, item_path,
                "origin '" + origin +
                    "' must look like scheme://host[:port] (no path, no trailing '/'), as "
                    "browsers send it");
    }
  }
  if (any_origin && policy.allow_credentials) {
    ctx.error(ConfigBuildContext::child(yaml, "allow_credentials"), yaml,
              path + ".allow_credentials",
              "allow_credentials cannot be true with allowed_origins '*': browsers refuse "
              "credentialed responses for any origin, and echoing every origin would let any "
              "site act as the user; list the origins instead");
  }
}

}  // namespace

std::map<std::string, CorsPolicy> buildCorsPolicies(ConfigBuildContext& ctx) {
  std::map<std::string, CorsPolicy> policies;
  const YAML::Node section = ConfigBuildContext::child(ctx.root(), "cors");
  for (const auto& [name, v] : ctx.values().at("cors").items()) {
    const YAML::Node yaml = ConfigBuildContext::child(section, name);
    const std::string path = "cors." + name;
    if (name == "off" || !std::regex_match(name, policyNamePattern())) {
      ctx.error(yaml, section, path,
                "invalid policy name '" + name +
                    "' (lowercase letters, digits, '_' and '-', starting with a letter; 'off' is "
                    "reserved)");
    }
    CorsPolicy policy;
    policy.name = name;
    policy.allowed_origins = v.at("allowed_origins").get<std::vector<std::string>>();
    policy.allowed_methods = v.at("allowed_methods").get<std::vector<std::string>>();
    policy.allowed_headers = v.at("allowed_headers").get<std::vector<std::string>>();
    policy.expose_headers = v.at("expose_headers").get<std::vector<std::string>>();
    policy.allow_credentials = v.at("allow_credentials").get<bool>();
    policy.max_age = std::chrono::seconds(v.at("max_age").get<int64_t>() / 1000);
    checkOrigins(ctx, policy, yaml, path);
    policies.emplace(name, std::move(policy));
  }
  return policies;
}

}  // namespace atrium::host::config

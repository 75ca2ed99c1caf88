// buildRateLimits: the `rate_limits:` section.
#include <regex>

#include "host/config/host_config_builder.hpp"

namespace atrium::host::config {
namespace {

using Json = nlohmann::json;

bool parseKeyPart(const std::string& text, RateLimitKeyConfig& out) {
  static const std::regex header("^header:([!#$%&'*+.^_`|~0-9A-Za-z-]+)$");
  std::smatch match;
  if (text == "ip") {
    out.part = RateLimitKeyPart::kIp;
  } else if (text == "user") {
    out.part = RateLimitKeyPart::kUser;
  } else if (text == "route") {
    out.part = RateLimitKeyPart::kRoute;
  } else if (std::regex_match(text, match, header)) {
    out.part = RateLimitKeyPart::kHeader;
    out.header = match[1].str();
  } else {
    return false;
  }
  return true;
}

// The 429 body template: null, a string or a mapping; placeholders checked.
void checkBody(ConfigBuildContext& ctx, const YAML::Node& at, const YAML::Node& fallback,
               const std::string& path, const Json& body) {
  if (body.is_null() || body.is_string() || body.is_object()) {
    std::vector<std::string> unknown;
    findUnknownPlaceholders(body, unknown, {"retry_after"});
    for (const auto& name : unknown) {
      ctx.error(at, fallback, path,
                "unknown placeholder '{{" + name +
                    "}}' (known: {{message}}, {{code}}, {{status}}, {{request_id}}, "
                    "{{retry_after}})");
    }
    return;
  }
  ctx.error(at, fallback, path, "must be a mapping (JSON body) or a string (text body)");
}

RateLimitConfig makeLimiter(ConfigBuildContext& ctx, const std::string& name, const Json& v,
                            const YAML::Node& yaml, const YAML::Node& section) {
  const std::string path = "rate_limits." + name;
  static const std::regex name_pattern("^[a-z][a-z0-9_-]*$");
  if (!std::regex_match(name, name_pattern)) {
    ctx.error(yaml, section, path,
              "invalid limiter name '" + name +
                  "' (lowercase letters, digits, '_' and '-', starting with a letter)");
  }
  RateLimitConfig limiter;
  limiter.name = name;
  limiter.algorithm = v.at("algorithm").get<std::string>() == "token_bucket"
                          ? RateLimitAlgorithmKind::kTokenBucket
                          : RateLimitAlgorithmKind::kWindow;
  limiter.window = std::chrono::milliseconds(v.at("window").get<int64_t>());
  limiter.max = v.at("max").get<int64_t>();
  limiter.rate = v.at("rate").get<double>();
  limiter.burst = v.at("burst").get<int64_t>();
  const YAML::Node key_yaml = ConfigBuildContext::child(yaml, "key");
  const Json& keys = v.at("key");
  if (keys.empty()) ctx.error(key_yaml, yaml, path + ".key", "name at least one key part");
  for (size_t i = 0; i < keys.size(); ++i) {
    RateLimitKeyConfig part;
    const std::string text = keys[i].get<std::string>();
    if (!parseKeyPart(text, part)) {
      ctx.error(ConfigBuildContext::item(key_yaml, i), key_yaml,
                path + ".key[" + std::to_string(i) + "]",
                "unknown key part '" + text + "' (ip, user, route or header:<Name>)");
      continue;
    }
    limiter.key.push_back(part);
  }
  limiter.count_failed_only = v.at("count").get<std::string>() == "failed";
  limiter.failed_statuses = v.at("failed_statuses").get<std::vector<int>>();
  if (!limiter.failed_statuses.empty() && !limiter.count_failed_only) {
    ctx.error(ConfigBuildContext::child(yaml, "failed_statuses"), yaml, path + ".failed_statuses",
              "failed_statuses needs 'count: failed'");
  }
  limiter.database_store = v.at("store").get<std::string>() == "database";
  limiter.fail_open = v.at("on_store_error").get<std::string>() == "allow";
  limiter.max_keys = v.at("max_keys").get<size_t>();
  limiter.code = v.at("code").get<std::string>();
  limiter.message = v.at("message").get<std::string>();
  if (v.contains("body")) {
    limiter.body = v.at("body");
    checkBody(ctx, ConfigBuildContext::child(yaml, "body"), yaml, path + ".body", limiter.body);
  }
  limiter.headers = v.at("headers").get<bool>();
  if (v.contains("skip") && v.at("skip").contains("header")) {
    limiter.skip_header = v.at("skip").at("header").get<std::string>();
    limiter.skip_value = v.at("skip").at("equals").get<std::string>();
  }
  limiter.mark = ctx.markOf(yaml, section);
  return limiter;
}

}  // namespace

std::map<std::string, RateLimitConfig> buildRateLimits(ConfigBuildContext& ctx) {
  std::map<std::string, RateLimitConfig> limiters;
  const YAML::Node section = ConfigBuildContext::child(ctx.root(), "rate_limits");
  for (const auto& [name, v] : ctx.values().at("rate_limits").items()) {
    const YAML::Node yaml = ConfigBuildContext::child(section, name);
    limiters.emplace(name, makeLimiter(ctx, name, v, yaml, section));
  }
  return limiters;
}

}  // namespace atrium::host::config

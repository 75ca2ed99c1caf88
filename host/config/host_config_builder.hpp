#pragma once

// Internal: turns a validated host config (JSON with defaults applied, plus the YAML tree for
// positions) into a HostConfig, checking what the schema cannot: references between sections,
// uniqueness, plugin files, route shapes. Every problem is appended to the context's errors.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "host/config/config_build_context.hpp"
#include "host/config/host_config.hpp"

namespace atrium::host::config {

// All sections, in dependency order. `default_plugin_dirs` is used when `plugin_dirs` is unset,
// `default_migrations_dirs` when `database.migrations_dirs` is.
HostConfig buildHostConfig(ConfigBuildContext& ctx,
                           const std::vector<std::string>& default_plugin_dirs,
                           const std::vector<std::string>& default_migrations_dirs);

// cors: named policies (cors_policy_builder.cpp).
std::map<std::string, CorsPolicy> buildCorsPolicies(ConfigBuildContext& ctx);

// envelopes: the built-in ones plus the file's (envelope_builder.cpp).
std::map<std::string, Envelope> buildEnvelopes(ConfigBuildContext& ctx);
// The envelopes available without defining them: default, success_message, status_message,
// error_message, error_only.
std::map<std::string, Envelope> builtinEnvelopes();

// Appends to `unknown` every {{name}} in the string leaves of `value` that is not a placeholder
// of error envelopes ({{message}} {{code}} {{status}} {{request_id}} and the optional
// {{errors}} {{retry_after}}); `only`, when not empty, narrows the optional ones allowed.
void findUnknownPlaceholders(const nlohmann::json& value, std::vector<std::string>& unknown,
                             const std::vector<std::string_view>& only = {});

// rate_limits: named limiters (rate_limit_config_builder.cpp).
std::map<std::string, RateLimitConfig> buildRateLimits(ConfigBuildContext& ctx);

// database: with the default URL sqlite://var/<product>.db and `default_migrations_dirs` when
// migrations_dirs is unset (database_config_builder.cpp).
ScriptsConfig buildScripts(ConfigBuildContext& ctx);
// A `retry:` block {max_attempts, initial_delay, max_delay} (messaging_config_builder.cpp).
RetryPolicyConfig buildRetry(const nlohmann::json& v);
// A secret written literally in the YAML is refused (it would end up in version control): when
// `value` is not empty, the key `key` of `block` must be a ${VARIABLE} expansion.
void requireFromEnvironment(ConfigBuildContext& ctx, const YAML::Node& block,
                            const std::string& value, const char* key, const std::string& path);
// mail, sms and outbox: the messaging service (messaging_config_builder.cpp).
MailConfig buildMail(ConfigBuildContext& ctx);
SmsConfig buildSms(ConfigBuildContext& ctx);
OutboxConfig buildOutbox(ConfigBuildContext& ctx);
// ai: providers, retries and limits of the AI service (ai_config_builder.cpp).
AiConfig buildAi(ConfigBuildContext& ctx);
DatabaseConfig buildDatabase(ConfigBuildContext& ctx, const std::string& product,
                             const std::vector<std::string>& default_migrations_dirs);

// storage: uploads directory, serving prefix, multipart limits, profiles
// (storage_config_builder.cpp).
StorageConfig buildStorage(ConfigBuildContext& ctx, const std::string& product);

// auth: token, password and 401/403 settings; production's secret rules (auth_config_builder.cpp).
AuthConfig buildAuth(ConfigBuildContext& ctx, const HostConfig& config);

// events: server-sent events and their topic rules (events_config_builder.cpp).
EventsConfig buildEvents(ConfigBuildContext& ctx, const HostConfig& config);

// plugin_dirs and plugins, with each plugin's .so located (plugin_config_builder.cpp).
std::vector<std::string> buildPluginDirs(ConfigBuildContext& ctx,
                                         const std::vector<std::string>& default_plugin_dirs);
std::vector<PluginConfig> buildPlugins(ConfigBuildContext& ctx,
                                       const std::vector<std::string>& plugin_dirs);

// routes, checked against the plugins, CORS policies, envelopes and built-in paths already in
// `config` (route_config_builder.cpp).
std::vector<RouteConfig> buildRoutes(ConfigBuildContext& ctx, const HostConfig& config);

}  // namespace atrium::host::config

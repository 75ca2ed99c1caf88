#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

namespace atrium::sdk {
class Schema;
}

namespace atrium::host::config {

// Where a value came from, for precise error messages: "config/app.yaml:12:5".
struct SourceMark {
  std::string file;
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;  // 1-based
  std::string str() const;
};

struct ListenAddress {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
};

// Parses "HOST:PORT", "[v6]:PORT" or ":PORT"; throws std::invalid_argument with a clear message.
ListenAddress parseListenAddress(const std::string& text);

struct ServerConfig {
  ListenAddress listen;
  int reactor_threads = 1;
  int worker_threads = 16;
  size_t max_request_bytes = 10 * 1024 * 1024;  // request line + headers + body, global ceiling
  size_t max_response_bytes = 64 * 1024 * 1024;
  std::chrono::milliseconds header_timeout{10000};
  std::chrono::milliseconds body_timeout{60000};
  std::chrono::milliseconds keepalive_timeout{75000};
  std::chrono::milliseconds drain_timeout{30000};
  size_t worker_queue_limit = 4096;  // queued requests beyond this get 503
};

struct LoggingConfig {
  std::string level = "info";
  bool access_log = true;
  size_t access_log_buffer = 64 * 1024;  // bytes; 0 writes every line at once
  std::chrono::milliseconds access_log_flush{200};
};

struct HstsConfig {
  bool enabled = false;
  int64_t max_age_seconds = 31536000;
  bool include_subdomains = true;
};

struct SecurityHeadersConfig {
  bool enabled = true;
  std::string frame_options = "DENY";                              // X-Frame-Options; "" disables
  std::string content_security_policy = "frame-ancestors 'none'";  // "" disables
  std::string referrer_policy = "no-referrer";                     // "" disables
  bool nosniff = true;
  HstsConfig hsts;
};

struct CorsPolicy {
  std::string name;
  std::vector<std::string> allowed_origins;  // "*" allows any (never with credentials)
  std::vector<std::string> allowed_methods = {"GET", "POST", "PUT", "PATCH", "DELETE"};
  std::vector<std::string> allowed_headers = {"Content-Type", "Authorization", "X-Request-Id"};
  std::vector<std::string> expose_headers = {"X-Request-Id"};
  bool allow_credentials = false;
  std::chrono::seconds max_age{600};
};

// An error envelope: a JSON template whose string leaves "{{message}}", "{{code}}",
// "{{status}}" and "{{request_id}}" are substituted ({{status}} as a number when it is the whole
// string). Example: {"success": false, "message": "{{message}}"}.
struct Envelope {
  std::string name;
  nlohmann::json error_template;
};

struct PluginConfig {
  std::string name;
  std::string file;   // resolved absolute path of the .so
  YAML::Node config;  // the plugin's `config:` block (env-expanded, not yet validated;
                      // validated against the plugin's own schema once it is loaded)
  SourceMark mark;    // where the plugin entry is
};

enum class AuthMode { kNone, kOptional, kRequired };

// One part of a rate-limit key: the client IP, the user (the principal's "sub", the client IP
// when anonymous), the route (method and pattern) or a request header's value.
enum class RateLimitKeyPart { kIp, kUser, kRoute, kHeader };
struct RateLimitKeyConfig {
  RateLimitKeyPart part = RateLimitKeyPart::kIp;
  std::string header;  // kHeader: the header name
};

enum class RateLimitAlgorithmKind { kWindow, kTokenBucket };

// A named limiter (`rate_limits:`), referenced by routes (routes[].rate_limit).
struct RateLimitConfig {
  std::string name;
  RateLimitAlgorithmKind algorithm = RateLimitAlgorithmKind::kWindow;
  std::chrono::milliseconds window{60000};  // window
  int64_t max = 60;                         // window: requests per window
  double rate = 1;                          // token_bucket: tokens added per second
  int64_t burst = 10;                       // token_bucket: bucket size
  std::vector<RateLimitKeyConfig> key;      // combined in order; default [ip]
  bool count_failed_only = false;           // count: failed
  std::vector<int> failed_statuses;         // empty: every status >= 400
  bool database_store = false;              // store: database
  bool fail_open = true;                    // on_store_error: allow
  size_t max_keys = 100000;                 // memory store bound
  std::string code = "rate_limited";
  std::string message = "Too many requests, please try again later.";
  nlohmann::json body;      // null: the route's error envelope; string: text/plain; object: JSON
  bool headers = true;      // RateLimit-Limit / RateLimit-Remaining / RateLimit-Reset
  std::string skip_header;  // requests whose header equals skip_value are not limited
  std::string skip_value;
  SourceMark mark;
};

// A route's `validate:` block: schemas in the SDK's format (sdk/include/atrium/validation.hpp)
// for the JSON body and the query string, compiled once when the config is built.
struct ValidationConfig {
  std::shared_ptr<const sdk::Schema> body;   // null: the body is not checked
  std::shared_ptr<const sdk::Schema> query;  // null: the query string is not checked
  std::string message = "Validation error";  // "{{errors}}" becomes the joined field messages
  std::string code = "validation_failed";
  SourceMark mark;
};

struct RouteConfig {
  std::string method;        // "GET", "POST", ... (HEAD is served by GET routes)
  std::string path;          // "/items/:id"
  std::string handler;       // "plugin.handler_id"; empty when script is set
  std::string script;        // script id
  bool nonblocking = false;  // script routes: run on the reactor thread (no worker-pool hop)
  AuthMode auth = AuthMode::kNone;
  std::vector<std::string> roles;
  // Limiter names, checked in order; unset: defaults.rate_limit; empty list: none.
  std::optional<std::vector<std::string>> rate_limit;
  // Declarative request validation (`validate:`); null when the route has none.
  std::shared_ptr<const ValidationConfig> validate;
  std::optional<size_t> body_limit;  // bytes; defaults.body_limit when unset
  std::string cors;                  // policy name; empty = defaults.cors; "off" disables
  std::string envelope;              // envelope name; empty = defaults.envelope
  SourceMark mark;
};

struct RouteDefaults {
  size_t body_limit = 10 * 1024 * 1024;
  std::vector<std::string> rate_limit;  // limiters of routes that do not set rate_limit
  std::string cors;                     // empty: no CORS headers
  std::string envelope = "default";
};

struct BuiltinEndpoints {
  std::string health_path = "/health";
  std::string ready_path = "/ready";
  std::string metrics_path = "/metrics";
  std::string scripts_path = "/admin/scripts";
  std::vector<std::string> admin_roles = {"admin"};  // who may read scripts_path
};

enum class MigrateMode { kAuto, kManual };

struct DatabaseConfig {
  // The URL as written (after ${VAR} expansion) or from ATRIUM_DATABASE_URL; parsed by atrium_db
  // (host/db/database_url.hpp) at start, relative SQLite paths against the working directory.
  std::string url;
  // Where `url` came from, as the prefix of an error about it: "app.yaml:7:8: database.url",
  // "ATRIUM_DATABASE_URL" or "app.yaml: database.url (default)". Never contains the URL.
  std::string url_origin;
  size_t pool_size = 4;
  std::chrono::milliseconds acquire_timeout{2000};
  std::chrono::milliseconds statement_timeout{30000};  // PostgreSQL; 0 = none
  std::chrono::milliseconds busy_timeout{5000};        // SQLite
  std::chrono::milliseconds slow_query_threshold{200};
  size_t max_result_bytes = 16 * 1024 * 1024;
  std::optional<MigrateMode> migrate;        // unset: auto on SQLite, manual on PostgreSQL
  std::vector<std::string> migrations_dirs;  // absolute; searched in order for <owner>/ folders
};

struct ScriptLimitsConfig {
  std::optional<uint64_t> instruction_limit;  // unset: the global one
  std::optional<size_t> memory_limit_bytes;
  std::optional<std::chrono::milliseconds> time_limit;
};

struct ScriptsConfig {
  std::string dir;                                 // absolute
  std::chrono::milliseconds reload_interval{250};  // 0: no live reload
  uint64_t instruction_limit = 12'000'000;
  size_t memory_limit_bytes = 32 * 1024 * 1024;
  std::chrono::milliseconds time_limit{500};
  std::map<std::string, ScriptLimitsConfig> limits;  // by script id
  std::map<std::string, nlohmann::json> config;      // atrium.config, by script id
};

// Exponential backoff between delivery attempts (docs/messaging.md).
struct RetryPolicyConfig {
  int max_attempts = 8;  // attempts in all, the first one included; then the message fails
  std::chrono::milliseconds initial_delay{30000};
  std::chrono::milliseconds max_delay{3600000};
};

enum class TlsMode { kRequired, kOptional, kOff };

struct SmtpConfig {
  std::string url = "smtp://127.0.0.1:25";  // smtp://host:port (STARTTLS) or smtps://host:port
  TlsMode starttls = TlsMode::kRequired;    // smtp:// only
  std::string username;                     // empty: no AUTH
  std::string password;                     // from ${VAR}; never logged
  std::string ca_file;                      // empty: the system's CA store
  std::string helo_name;                    // empty: libcurl's default
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds timeout{30000};
};

enum class MailTransportKind { kFile, kSmtp };

struct MailConfig {
  MailTransportKind transport = MailTransportKind::kFile;
  std::string from = "Atrium <no-reply@localhost>";
  std::string file = "var/outbox/mail.jsonl";  // file transport; relative to the working dir
  SmtpConfig smtp;
  RetryPolicyConfig retry;
};

struct TwilioConfig {
  std::string base_url = "https://api.twilio.com";
  std::string account_sid;  // from ${VAR}
  std::string auth_token;   // from ${VAR}; never logged
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds timeout{30000};
};

enum class SmsTransportKind { kFile, kTwilio };

struct SmsConfig {
  SmsTransportKind transport = SmsTransportKind::kFile;
  std::string from;  // sender number (E.164) or alphanumeric id; required for twilio
  std::string file = "var/outbox/sms.jsonl";
  TwilioConfig twilio;
  RetryPolicyConfig retry;
};

struct OutboxConfig {
  bool worker = true;  // false: this instance only enqueues; another one sends
  std::chrono::milliseconds poll_interval{1000};
  size_t batch_size = 20;
  std::chrono::milliseconds claim_timeout{300000};  // a claimed message is reclaimed after it
};

// One HTTP provider of the AI service (`ai.gemini`, `ai.openai`; docs/ai.md).
struct AiProviderConfig {
  std::string base_url;
  std::string api_key;  // from ${VAR}; never logged or stored
  std::string model;
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds timeout{30000};  // one attempt
};

enum class AiProviderKind { kOffline, kGemini, kOpenAi };

// `ai:` — the AI service (host/services/ai, docs/ai.md).
struct AiConfig {
  AiProviderKind default_provider = AiProviderKind::kOffline;
  AiProviderConfig gemini{"https://generativelanguage.googleapis.com", "", "gemini-1.5-flash"};
  AiProviderConfig openai{"https://api.openai.com/v1", "", "gpt-4o-mini"};
  std::string offline_model = "offline";
  RetryPolicyConfig retry{3, std::chrono::milliseconds(500), std::chrono::milliseconds(8000)};
  std::chrono::milliseconds deadline{60000};  // all attempts and waits of one call
  size_t max_prompt_bytes = 64 * 1024;        // prompt + system + messages
  int max_output_tokens = 2048;               // ceiling for a request's max_tokens
  size_t max_response_bytes = 1024 * 1024;    // provider answer body
  bool record_usage = true;                   // rows in atrium_ai_usage
};

enum class TokenAlgorithm { kHS256, kRS256 };

// What an `auth: optional` route does with a token that is present but invalid or expired.
enum class OptionalInvalidToken { kReject, kAnonymous };

// argon2id cost (OWASP's minimum recommendation by default: 19 MiB, t=2, p=1).
struct PasswordHashingConfig {
  uint32_t memory_kib = 19 * 1024;
  uint32_t iterations = 2;
  uint32_t parallelism = 1;
  size_t max_password_bytes = 1024;  // longer passwords are refused (bounds the hashing cost)
};

// The answers of the authentication middleware. `envelope` empty: the route's envelope.
struct AuthErrorsConfig {
  std::string envelope;
  std::string missing = "Authentication required";
  std::string invalid = "Invalid token";
  std::string expired = "Token expired";
  std::string forbidden = "Forbidden";
};

// The names under which an access token carries the principal (products that keep their
// clients' existing tokens name them differently: Taklifnoma and Beautiful_Encer use userId).
struct ClaimNamesConfig {
  std::string subject = "sub";
  std::string role = "role";
  std::string default_role;        // the role of a token without one; "" none
  std::vector<std::string> extra;  // product claims a plugin may put in a token
};

// `auth:` — access tokens, password hashing and the 401/403 answers (docs/security.md).
// Secrets are kept as given (after ${VAR} expansion); the auth service loads and checks them.
struct AuthConfig {
  TokenAlgorithm algorithm = TokenAlgorithm::kHS256;
  std::string secret;         // HS256 key (from the environment); empty: see secret_file
  std::string secret_origin;  // "app.yaml:12:11: auth.secret" for messages; never the value
  bool secret_from_environment = false;
  std::string secret_file;       // development: where a generated secret is kept (relative to the
                                 // working directory, like the SQLite default)
  std::string private_key;       // RS256 PEM text
  std::string private_key_file;  // absolute
  std::string public_key;        // RS256 PEM text
  std::string public_key_file;   // absolute
  std::chrono::seconds access_ttl{900};
  std::chrono::seconds leeway{30};
  std::string issuer;    // "" neither set nor checked
  std::string audience;  // "" neither set nor checked
  size_t max_token_bytes = 8 * 1024;
  OptionalInvalidToken optional_invalid_token = OptionalInvalidToken::kReject;
  ClaimNamesConfig claims;
  PasswordHashingConfig passwords;
  AuthErrorsConfig errors;
};

// One `events.topics` rule: who may follow the topics matching `pattern` ("conversation:*" is
// a prefix, anything else exact). Exactly one authoriser: a Lua rule (`script` + `function`,
// called with {user = principal, topic = "..."}, returns true to allow) or a plugin handler
// (`handler`, declared nonblocking... or not: it runs on the worker pool; 2xx allows).
struct EventsTopicRule {
  std::string pattern;
  std::string script;
  std::string function;
  std::string handler;
  SourceMark mark;
};

// `events:` — server-sent events (docs/operations.md, "Real-time events").
struct EventsConfig {
  bool enabled = true;
  std::string path = "/api/v1/events";  // the stream; POST <path>/ticket issues tickets
  std::chrono::milliseconds ticket_ttl{30000};
  size_t max_tickets = 100000;
  size_t buffer_size = 256;  // recent events kept per channel for Last-Event-ID
  std::chrono::milliseconds buffer_age{300000};
  std::chrono::milliseconds heartbeat_interval{15000};
  std::chrono::milliseconds max_stream_duration{3600000};
  std::chrono::milliseconds retry{3000};
  size_t queue_limit = 256 * 1024;  // bytes queued per stream before it is disconnected
  size_t max_streams = 10000;
  size_t max_topics = 16;
  size_t max_event_bytes = 64 * 1024;
  std::vector<EventsTopicRule> topics;
};

// One upload profile (`storage.profiles.<name>`): what a plugin may store under that name.
struct UploadProfileConfig {
  std::vector<std::string> allowed_types;  // sniffed media types, e.g. image/jpeg
  size_t max_size = 10 * 1024 * 1024;      // bytes
};

// `storage:` — uploaded files (host/services/storage, docs/storage.md).
struct StorageConfig {
  std::string dir;                      // absolute, or relative to the working directory (default)
  std::string url_prefix = "/uploads";  // "" : files are not served by this host
  std::chrono::seconds cache_max_age{31536000};
  size_t max_parts = 16;
  size_t max_part_header_bytes = 8192;
  size_t max_field_bytes = 65536;
  size_t max_file_bytes = 100 * 1024 * 1024;
  std::map<std::string, UploadProfileConfig> profiles;
};

struct HostConfig {
  std::string source_file;  // absolute path of the YAML file
  std::string base_dir;     // its directory; relative paths resolve against it
  std::string product = "atrium";
  std::string environment = "development";  // development | production
  ServerConfig server;
  LoggingConfig logging;
  SecurityHeadersConfig security_headers;
  std::map<std::string, CorsPolicy> cors_policies;
  std::map<std::string, Envelope> envelopes;  // always holds "default"
  std::map<std::string, RateLimitConfig> rate_limits;
  RouteDefaults defaults;
  BuiltinEndpoints builtin;
  DatabaseConfig database;
  ScriptsConfig scripts;
  MailConfig mail;
  SmsConfig sms;
  OutboxConfig outbox;
  AuthConfig auth;
  EventsConfig events;
  AiConfig ai;
  StorageConfig storage;
  std::vector<std::string> plugin_dirs;  // absolute
  std::vector<PluginConfig> plugins;
  std::vector<RouteConfig> routes;
};

}  // namespace atrium::host::config

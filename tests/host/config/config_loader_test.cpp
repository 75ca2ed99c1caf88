#include "host/config/config_loader.hpp"

#include <filesystem>
#include <map>

#include <gtest/gtest.h>

#include "host/config/config_error.hpp"
#include "host/config/plugin_locator.hpp"
#include "tests/host/config/temp_dir.hpp"

namespace atrium::host::config {
namespace {

using Errors = std::vector<std::string>;
using Json = nlohmann::json;
using testing::TempDir;

constexpr const char* kFullConfig = R"(product: taklifnoma
environment: production
server:
  listen: "0.0.0.0:9090"
  reactor_threads: 2
  worker_threads: 8
  max_request_size: 2MiB
  max_response_size: 32MiB
  header_timeout: 5s
  body_timeout: 30s
  keepalive_timeout: 1m
  drain_timeout: 15s
  worker_queue_limit: 100
logging:
  level: debug
  access_log: false
security_headers:
  frame_options: SAMEORIGIN
  content_security_policy: ""
  hsts:
    enabled: true
    max_age: 1d
cors:
  web:
    allowed_origins: ["https://app.example.com", "capacitor://localhost"]
    allow_credentials: true
    max_age: 1h
  public:
    allowed_origins: ["*"]
    allowed_methods: [GET]
envelopes:
  legacy:
    error: {ok: false, msg: "{{message}}", status: "{{status}}", n: 1, f: 1.5, x: null, s: "true"}
defaults:
  body_limit: 1MiB
  cors: web
  envelope: success_message
builtin:
  health_path: /healthz
plugin_dirs: [plugins]
plugins:
  - name: hello
    config:
      greeting: "${GREETING:-hi}"
      retries: 3
  - name: custom
    file: lib/custom.so
routes:
  - {method: GET, path: /hello, handler: hello.say_hello}
  - method: POST
    path: /items/:id
    handler: custom.update_item
    auth: required
    roles: [admin]
    rate_limit: strict
    body_limit: 64KiB
    cors: "off"
    envelope: legacy
  - {method: GET, path: /home, script: taklifnoma/routes/home, auth: optional}
auth:
  secret: ${JWT_SECRET}
  access_ttl: 10m
  leeway: 5s
  issuer: taklifnoma
  audience: taklifnoma-web
  max_token_size: 4KiB
  optional_invalid_token: anonymous
  claims:
    subject: userId
    default_role: USER
    extra: [email]
  passwords: {memory: 32MiB, iterations: 3, parallelism: 2, max_length: 256}
  errors:
    envelope: legacy
    missing: Token topilmadi
    forbidden: Ruxsat berilmagan
rate_limits:
  strict: {max: 5}
)";

// A plugin set-up shared by most tests: plugins/hello.so and lib/custom.so next to app.yaml,
// and default/<name>.so in the directory used when plugin_dirs is unset.
constexpr const char* kPlugins = R"(plugins:
  - name: hello
routes:
)";

class ConfigLoaderTest : public ::testing::Test {
 protected:
  ConfigLoaderTest() {
    dir_.write("plugins/hello.so", "");
    dir_.write("lib/custom.so", "");
    dir_.write("default/hello.so", "");
    vars_["JWT_SECRET"] = "a-production-secret-of-at-least-32-bytes";
  }

  HostConfig load(const std::string& text, const std::string& name = "app.yaml") {
    const std::string path = dir_.write(name, text);
    return loadHostConfig(path, env_, {dir_.path() + "/default"});
  }

  // Loads `text` expecting failure; returns the messages with the temp dir replaced by "DIR".
  Errors errorsFor(const std::string& text) {
    try {
      load(text);
    } catch (const ConfigError& e) {
      Errors out;
      for (std::string message : e.messages()) {
        for (size_t at = message.find(dir_.path()); at != std::string::npos;
             at = message.find(dir_.path())) {
          message.replace(at, dir_.path().size(), "DIR");
        }
        out.push_back(message);
      }
      return out;
    }
    ADD_FAILURE() << "config accepted:\n" << text;
    return {};
  }

  TempDir dir_;
  std::map<std::string, std::string> vars_;
  EnvLookup env_ = [this](const std::string& name) -> std::optional<std::string> {
    const auto it = vars_.find(name);
    if (it == vars_.end()) return std::nullopt;
    return it->second;
  };
};

TEST_F(ConfigLoaderTest, FullConfigFillsEveryField) {
  const HostConfig c = load(kFullConfig);
  EXPECT_EQ(c.source_file, dir_.path() + "/app.yaml");
  EXPECT_EQ(c.base_dir, dir_.path());
  EXPECT_EQ(c.product, "taklifnoma");
  EXPECT_EQ(c.environment, "production");
  EXPECT_EQ(c.server.listen.host, "0.0.0.0");
  EXPECT_EQ(c.server.listen.port, 9090);
  EXPECT_EQ(c.server.reactor_threads, 2);
  EXPECT_EQ(c.server.worker_threads, 8);
  EXPECT_EQ(c.server.max_request_bytes, 2u * 1024 * 1024);
  EXPECT_EQ(c.server.max_response_bytes, 32u * 1024 * 1024);
  EXPECT_EQ(c.server.header_timeout, std::chrono::seconds(5));
  EXPECT_EQ(c.server.body_timeout, std::chrono::seconds(30));
  EXPECT_EQ(c.server.keepalive_timeout, std::chrono::minutes(1));
  EXPECT_EQ(c.server.drain_timeout, std::chrono::seconds(15));
  EXPECT_EQ(c.server.worker_queue_limit, 100u);
  EXPECT_EQ(c.logging.level, "debug");
  EXPECT_FALSE(c.logging.access_log);
  EXPECT_TRUE(c.security_headers.enabled);
  EXPECT_EQ(c.security_headers.frame_options, "SAMEORIGIN");
  EXPECT_EQ(c.security_headers.content_security_policy, "");
  EXPECT_EQ(c.security_headers.referrer_policy, "no-referrer");
  EXPECT_TRUE(c.security_headers.nosniff);
  EXPECT_TRUE(c.security_headers.hsts.enabled);
  EXPECT_EQ(c.security_headers.hsts.max_age_seconds, 86400);
  EXPECT_TRUE(c.security_headers.hsts.include_subdomains);
  EXPECT_EQ(c.defaults.body_limit, 1024u * 1024);
  EXPECT_EQ(c.defaults.cors, "web");
  EXPECT_EQ(c.defaults.envelope, "success_message");
  EXPECT_EQ(c.builtin.health_path, "/healthz");
  EXPECT_EQ(c.builtin.ready_path, "/ready");
  EXPECT_EQ(c.builtin.metrics_path, "/metrics");
  EXPECT_EQ(c.plugin_dirs, std::vector<std::string>{dir_.path() + "/plugins"});
}

TEST_F(ConfigLoaderTest, FullConfigAuth) {
  const HostConfig c = load(kFullConfig);
  const AuthConfig& a = c.auth;
  EXPECT_EQ(a.algorithm, TokenAlgorithm::kHS256);
  EXPECT_EQ(a.secret, "a-production-secret-of-at-least-32-bytes");
  EXPECT_TRUE(a.secret_from_environment);
  EXPECT_EQ(a.secret_origin, dir_.path() + "/app.yaml:61:11: auth.secret");
  EXPECT_EQ(a.secret_file, "var/taklifnoma.jwt_secret");
  EXPECT_EQ(a.access_ttl, std::chrono::seconds(600));
  EXPECT_EQ(a.leeway, std::chrono::seconds(5));
  EXPECT_EQ(a.issuer, "taklifnoma");
  EXPECT_EQ(a.audience, "taklifnoma-web");
  EXPECT_EQ(a.max_token_bytes, 4096u);
  EXPECT_EQ(a.optional_invalid_token, OptionalInvalidToken::kAnonymous);
  EXPECT_EQ(a.claims.subject, "userId");
  EXPECT_EQ(a.claims.role, "role");
  EXPECT_EQ(a.claims.default_role, "USER");
  EXPECT_EQ(a.claims.extra, std::vector<std::string>{"email"});
  EXPECT_EQ(a.passwords.memory_kib, 32u * 1024);
  EXPECT_EQ(a.passwords.iterations, 3u);
  EXPECT_EQ(a.passwords.parallelism, 2u);
  EXPECT_EQ(a.passwords.max_password_bytes, 256u);
  EXPECT_EQ(a.errors.envelope, "legacy");
  EXPECT_EQ(a.errors.missing, "Token topilmadi");
  EXPECT_EQ(a.errors.invalid, "Invalid token");
  EXPECT_EQ(a.errors.expired, "Token expired");
  EXPECT_EQ(a.errors.forbidden, "Ruxsat berilmagan");
}

TEST_F(ConfigLoaderTest, AuthDefaults) {
  const HostConfig c = load("product: kaya\n");
  const AuthConfig& a = c.auth;
  EXPECT_EQ(a.algorithm, TokenAlgorithm::kHS256);
  EXPECT_TRUE(a.secret.empty());
  EXPECT_EQ(a.secret_file, "var/kaya.jwt_secret");
  EXPECT_EQ(a.access_ttl, std::chrono::seconds(900));
  EXPECT_EQ(a.leeway, std::chrono::seconds(30));
  EXPECT_EQ(a.max_token_bytes, 8192u);
  EXPECT_EQ(a.optional_invalid_token, OptionalInvalidToken::kReject);
  EXPECT_EQ(a.claims.subject, "sub");
  EXPECT_EQ(a.passwords.memory_kib, 19u * 1024);
  EXPECT_EQ(a.passwords.iterations, 2u);
  EXPECT_EQ(a.passwords.parallelism, 1u);
  EXPECT_EQ(a.passwords.max_password_bytes, 1024u);
  EXPECT_EQ(a.errors.missing, "Authentication required");
}

TEST_F(ConfigLoaderTest, AuthProblemsAreReportedWithTheirPosition) {
  vars_["SHORT"] = "short";
  EXPECT_EQ(
      errorsFor("environment: production\nauth:\n  secret: ${SHORT}\n"),
      Errors{"DIR/app.yaml:3:11: auth.secret: environment is production and the HS256 "
             "secret is 5 bytes long; it needs at least 32 (e.g. `openssl rand -base64 48`)"});
  EXPECT_EQ(errorsFor("auth:\n  algorithm: RS256\n"),
            Errors{"DIR/app.yaml:2:14: auth.algorithm: RS256 needs a key: set "
                   "auth.private_key_file (to issue and verify) or auth.public_key_file (to "
                   "verify only)"});
  EXPECT_EQ(errorsFor("auth:\n  algorithm: RS256\n  public_key: x\n  public_key_file: k.pem\n"),
            Errors{"DIR/app.yaml:4:20: auth.public_key_file: set either auth.public_key or "
                   "auth.public_key_file, not both"});
  EXPECT_EQ(errorsFor("auth:\n  errors: {envelope: nope}\n"),
            Errors{"DIR/app.yaml:2:22: auth.errors.envelope: unknown envelope 'nope' (define it "
                   "under envelopes:)"});
  EXPECT_EQ(errorsFor("auth:\n  claims: {subject: uid, role: uid}\n"),
            Errors{"DIR/app.yaml:2:32: auth.claims.role: 'uid' is the subject claim or a "
                   "registered claim"});
  EXPECT_EQ(errorsFor("auth:\n  claims:\n    extra: [email, exp]\n"),
            Errors{"DIR/app.yaml:3:20: auth.claims.extra[1]: 'exp' is set by the host (subject, "
                   "role or a registered claim)"});
  EXPECT_EQ(errorsFor("auth:\n  algorithm: none\n").size(), 1u);
}

TEST_F(ConfigLoaderTest, FullConfigCorsPolicies) {
  const HostConfig c = load(kFullConfig);
  ASSERT_EQ(c.cors_policies.size(), 2u);
  const CorsPolicy& web = c.cors_policies.at("web");
  EXPECT_EQ(web.name, "web");
  EXPECT_EQ(web.allowed_origins,
            (std::vector<std::string>{"https://app.example.com", "capacitor://localhost"}));
  EXPECT_EQ(web.allowed_methods,
            (std::vector<std::string>{"GET", "POST", "PUT", "PATCH", "DELETE"}));
  EXPECT_EQ(web.allowed_headers,
            (std::vector<std::string>{"Content-Type", "Authorization", "X-Request-Id"}));
  EXPECT_EQ(web.expose_headers, std::vector<std::string>{"X-Request-Id"});
  EXPECT_TRUE(web.allow_credentials);
  EXPECT_EQ(web.max_age, std::chrono::hours(1));
  const CorsPolicy& open = c.cors_policies.at("public");
  EXPECT_EQ(open.allowed_methods, std::vector<std::string>{"GET"});
  EXPECT_FALSE(open.allow_credentials);
  EXPECT_EQ(open.max_age, std::chrono::minutes(10));
}

TEST_F(ConfigLoaderTest, FullConfigEnvelopes) {
  const HostConfig c = load(kFullConfig);
  EXPECT_EQ(c.envelopes.size(), 6u);
  EXPECT_EQ(c.envelopes.at("legacy").name, "legacy");
  EXPECT_EQ(c.envelopes.at("legacy").error_template,
            Json::parse(R"({"ok": false, "msg": "{{message}}", "status": "{{status}}", "n": 1,
                            "f": 1.5, "x": null, "s": "true"})"));
  EXPECT_EQ(c.envelopes.at("default").error_template,
            Json::parse(R"({"error": {"code": "{{code}}", "message": "{{message}}",
                                      "request_id": "{{request_id}}"}})"));
  EXPECT_EQ(c.envelopes.at("success_message").error_template,
            Json::parse(R"({"success": false, "message": "{{message}}"})"));
  EXPECT_EQ(c.envelopes.at("status_message").error_template,
            Json::parse(R"({"status": "error", "message": "{{message}}"})"));
  EXPECT_EQ(c.envelopes.at("error_message").error_template,
            Json::parse(R"({"error": "{{code}}", "message": "{{message}}"})"));
  EXPECT_EQ(c.envelopes.at("error_only").error_template,
            Json::parse(R"({"error": "{{message}}"})"));
}

TEST_F(ConfigLoaderTest, FullConfigPluginsAndRoutes) {
  vars_["GREETING"] = "salom";
  const HostConfig c = load(kFullConfig);
  ASSERT_EQ(c.plugins.size(), 2u);
  EXPECT_EQ(c.plugins[0].name, "hello");
  EXPECT_EQ(c.plugins[0].file, dir_.path() + "/plugins/hello.so");
  EXPECT_EQ(c.plugins[0].config["greeting"].as<std::string>(), "salom");
  EXPECT_EQ(c.plugins[0].config["retries"].as<int>(), 3);
  EXPECT_EQ(c.plugins[0].mark.str(), dir_.path() + "/app.yaml:42:5");
  EXPECT_EQ(c.plugins[1].file, dir_.path() + "/lib/custom.so");
  EXPECT_TRUE(c.plugins[1].config.IsNull());

  ASSERT_EQ(c.routes.size(), 3u);
  const RouteConfig& hello = c.routes[0];
  EXPECT_EQ(hello.method, "GET");
  EXPECT_EQ(hello.path, "/hello");
  EXPECT_EQ(hello.handler, "hello.say_hello");
  EXPECT_EQ(hello.script, "");
  EXPECT_EQ(hello.auth, AuthMode::kNone);
  EXPECT_TRUE(hello.roles.empty());
  EXPECT_EQ(hello.body_limit, std::nullopt);
  EXPECT_EQ(hello.cors, "");
  EXPECT_EQ(hello.envelope, "");
  EXPECT_EQ(hello.mark.str(), dir_.path() + "/app.yaml:49:5");
  const RouteConfig& items = c.routes[1];
  EXPECT_EQ(items.method, "POST");
  EXPECT_EQ(items.path, "/items/:id");
  EXPECT_EQ(items.handler, "custom.update_item");
  EXPECT_EQ(items.auth, AuthMode::kRequired);
  EXPECT_EQ(items.roles, std::vector<std::string>{"admin"});
  EXPECT_EQ(items.rate_limit, std::vector<std::string>{"strict"});
  EXPECT_EQ(items.body_limit, 64u * 1024);
  EXPECT_EQ(items.cors, "off");
  EXPECT_EQ(items.envelope, "legacy");
  EXPECT_EQ(c.routes[2].script, "taklifnoma/routes/home");
  EXPECT_EQ(c.routes[2].handler, "");
  EXPECT_EQ(c.routes[2].auth, AuthMode::kOptional);
}

TEST_F(ConfigLoaderTest, EmptyFileGivesDefaults) {
  const HostConfig c = load("");
  const HostConfig d;
  EXPECT_EQ(c.product, d.product);
  EXPECT_EQ(c.environment, d.environment);
  EXPECT_EQ(c.server.listen.host, d.server.listen.host);
  EXPECT_EQ(c.server.listen.port, d.server.listen.port);
  EXPECT_EQ(c.server.reactor_threads, d.server.reactor_threads);
  EXPECT_EQ(c.server.worker_threads, d.server.worker_threads);
  EXPECT_EQ(c.server.max_request_bytes, d.server.max_request_bytes);
  EXPECT_EQ(c.server.max_response_bytes, d.server.max_response_bytes);
  EXPECT_EQ(c.server.header_timeout, d.server.header_timeout);
  EXPECT_EQ(c.server.body_timeout, d.server.body_timeout);
  EXPECT_EQ(c.server.keepalive_timeout, d.server.keepalive_timeout);
  EXPECT_EQ(c.server.drain_timeout, d.server.drain_timeout);
  EXPECT_EQ(c.server.worker_queue_limit, d.server.worker_queue_limit);
  EXPECT_EQ(c.logging.level, d.logging.level);
  EXPECT_EQ(c.logging.access_log, d.logging.access_log);
  EXPECT_EQ(c.security_headers.enabled, d.security_headers.enabled);
  EXPECT_EQ(c.security_headers.frame_options, d.security_headers.frame_options);
  EXPECT_EQ(c.security_headers.content_security_policy, d.security_headers.content_security_policy);
  EXPECT_EQ(c.security_headers.referrer_policy, d.security_headers.referrer_policy);
  EXPECT_EQ(c.security_headers.nosniff, d.security_headers.nosniff);
  EXPECT_EQ(c.security_headers.hsts.enabled, d.security_headers.hsts.enabled);
  EXPECT_EQ(c.security_headers.hsts.max_age_seconds, d.security_headers.hsts.max_age_seconds);
  EXPECT_EQ(c.security_headers.hsts.include_subdomains, d.security_headers.hsts.include_subdomains);
  EXPECT_EQ(c.defaults.body_limit, d.defaults.body_limit);
  EXPECT_EQ(c.defaults.cors, d.defaults.cors);
  EXPECT_EQ(c.defaults.envelope, d.defaults.envelope);
  EXPECT_EQ(c.builtin.health_path, d.builtin.health_path);
  EXPECT_EQ(c.builtin.ready_path, d.builtin.ready_path);
  EXPECT_EQ(c.builtin.metrics_path, d.builtin.metrics_path);
  EXPECT_EQ(c.plugin_dirs, std::vector<std::string>{dir_.path() + "/default"});
  EXPECT_TRUE(c.cors_policies.empty());
  EXPECT_EQ(c.envelopes.size(), 5u);
  EXPECT_TRUE(c.plugins.empty());
  EXPECT_TRUE(c.routes.empty());
}

TEST_F(ConfigLoaderTest, CorsPolicyDefaultsMatchTheModel) {
  const HostConfig c = load("cors:\n  web:\n    allowed_origins: [\"http://localhost:3000\"]\n");
  const CorsPolicy& web = c.cors_policies.at("web");
  const CorsPolicy model;
  EXPECT_EQ(web.allowed_methods, model.allowed_methods);
  EXPECT_EQ(web.allowed_headers, model.allowed_headers);
  EXPECT_EQ(web.expose_headers, model.expose_headers);
  EXPECT_EQ(web.allow_credentials, model.allow_credentials);
  EXPECT_EQ(web.max_age, model.max_age);
}

TEST_F(ConfigLoaderTest, FileCanOverrideTheDefaultEnvelope) {
  const HostConfig c = load("envelopes:\n  default:\n    error: {message: \"{{message}}\"}\n");
  EXPECT_EQ(c.envelopes.at("default").error_template, Json({{"message", "{{message}}"}}));
}

TEST_F(ConfigLoaderTest, PluginFoundInDefaultDirectory) {
  const HostConfig c = load(kPlugins);
  ASSERT_EQ(c.plugins.size(), 1u);
  EXPECT_EQ(c.plugins[0].file, dir_.path() + "/default/hello.so");
}

TEST_F(ConfigLoaderTest, RelativePathsResolveAgainstTheConfigDirectory) {
  const HostConfig c = load(
      "plugin_dirs: [../plugins]\nplugins:\n  - name: hello\n  - {name: custom, file: "
      "../lib/custom.so}\n",
      "conf/app.yaml");
  EXPECT_EQ(c.base_dir, dir_.path() + "/conf");
  EXPECT_EQ(c.plugin_dirs, std::vector<std::string>{dir_.path() + "/plugins"});
  EXPECT_EQ(c.plugins[0].file, dir_.path() + "/plugins/hello.so");
  EXPECT_EQ(c.plugins[1].file, dir_.path() + "/lib/custom.so");
}

TEST_F(ConfigLoaderTest, EnvironmentIsExpandedBeforeValidation) {
  vars_["PORT"] = "7000";
  vars_["THREADS"] = "4";
  const HostConfig c =
      load("server:\n  listen: \"127.0.0.1:${PORT}\"\n  worker_threads: ${THREADS}\n");
  EXPECT_EQ(c.server.listen.port, 7000);
  EXPECT_EQ(c.server.worker_threads, 4);
  EXPECT_EQ(errorsFor("server:\n  listen: ${LISTEN}\n"),
            Errors{"DIR/app.yaml:2:11: server.listen: environment variable 'LISTEN' is not set "
                   "(write ${LISTEN:-default} to give a default)"});
}

TEST_F(ConfigLoaderTest, AtriumListenOverridesServerListen) {
  vars_["ATRIUM_LISTEN"] = "[::1]:0";
  const HostConfig c = load("server:\n  listen: 127.0.0.1:8080\n");
  EXPECT_EQ(c.server.listen.host, "::1");
  EXPECT_EQ(c.server.listen.port, 0);
  vars_["ATRIUM_LISTEN"] = "";
  EXPECT_EQ(load("server:\n  listen: 127.0.0.1:8081\n").server.listen.port, 8081);
  vars_["ATRIUM_LISTEN"] = "localhost:70000";
  EXPECT_EQ(errorsFor(""),
            Errors{"ATRIUM_LISTEN: invalid listen address 'localhost:70000': port 70000 is out "
                   "of range 0..65535"});
}

TEST_F(ConfigLoaderTest, BadListenAddressIsLocated) {
  EXPECT_EQ(errorsFor("server:\n  listen: localhost\n"),
            Errors{"DIR/app.yaml:2:11: server.listen: invalid listen address 'localhost': "
                   "expected HOST:PORT, [IPv6]:PORT or :PORT"});
}

TEST_F(ConfigLoaderTest, UnknownKeyIsAnError) {
  EXPECT_EQ(errorsFor("server:\n  lisen: 1\n"),
            Errors{"DIR/app.yaml:2:3: server.lisen: unknown key 'lisen' (known keys: listen, "
                   "reactor_threads, worker_threads, max_request_size, max_response_size, "
                   "header_timeout, body_timeout, keepalive_timeout, drain_timeout, "
                   "worker_queue_limit)"});
}

TEST_F(ConfigLoaderTest, MissingFileNamesThePath) {
  try {
    loadHostConfig(dir_.path() + "/nope.yaml", env_, {});
    FAIL() << "loaded a missing file";
  } catch (const ConfigError& e) {
    EXPECT_EQ(
        e.messages(),
        Errors{dir_.path() + "/nope.yaml: cannot read config file: No such file or directory"});
  }
  try {
    loadHostConfig(dir_.path(), env_, {});
    FAIL() << "loaded a directory";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.messages(), Errors{dir_.path() + ": cannot read config file: it is a directory"});
  }
}

TEST_F(ConfigLoaderTest, YamlSyntaxErrorIsLocated) {
  EXPECT_EQ(errorsFor("server:\n  listen: [a,\n"),
            Errors{"DIR/app.yaml:3:1: YAML syntax error: end of sequence flow not found"});
  EXPECT_EQ(errorsFor("- a\n"), Errors{"DIR/app.yaml:1:1: the config must be a mapping of keys"});
}

TEST_F(ConfigLoaderTest, BadRoutesAreReportedTogether) {
  const std::string text = std::string(kPlugins) +
                           "  - {method: PATCHX, path: /a, handler: hello.a}\n"
                           "  - {method: GET, path: items, handler: hello.a}\n"
                           "  - {method: GET, path: /b, handler: hello.a, script: x}\n"
                           "  - {method: GET, path: /c}\n"
                           "  - {method: GET, path: /d, handler: hello}\n"
                           "  - {method: GET, path: /e, handler: nope.a}\n"
                           "  - {method: GET, path: /f, handler: hello.a, cors: web, envelope: x}\n"
                           "  - {method: GET, path: /g, handler: hello.a, roles: [admin]}\n"
                           "  - {method: GET, path: /health, handler: hello.a}\n"
                           "  - {method: GET, path: /i/:id, handler: hello.a}\n"
                           "  - {method: GET, path: /i/:slug, handler: hello.a}\n"
                           "  - {method: GET, path: /j/:1x, script: ../etc}\n";
  EXPECT_EQ(errorsFor(text),
            Errors{"DIR/app.yaml:4:14: routes[0].method: value 'PATCHX' is not one of GET, POST, "
                   "PUT, PATCH, DELETE, HEAD, OPTIONS"});
  EXPECT_EQ(errorsFor(std::string(kPlugins) + "  - {method: GET, auth: maybe}\n"),
            (Errors{"DIR/app.yaml:4:25: routes[0].auth: value 'maybe' is not one of none, "
                    "optional, required",
                    "DIR/app.yaml:4:5: routes[0]: required key 'path' is missing"}));
  const std::string fixed =
      text.substr(0, text.find("PATCHX")) + "PUT" + text.substr(text.find("PATCHX") + 6);
  EXPECT_EQ(errorsFor(fixed),
            (Errors{
                "DIR/app.yaml:5:25: routes[1].path: path 'items' must start with '/'",
                "DIR/app.yaml:6:5: routes[2]: set only one of 'handler' and 'script'",
                "DIR/app.yaml:7:5: routes[3]: set one of 'handler' and 'script'",
                "DIR/app.yaml:8:38: routes[4].handler: invalid handler id 'hello' (expected "
                "'<plugin>.<handler>')",
                "DIR/app.yaml:9:38: routes[5].handler: handler 'nope.a' names plugin 'nope', "
                "which is not listed under plugins:",
                "DIR/app.yaml:10:53: routes[6].cors: unknown CORS policy 'web' (define it under "
                "cors:, or write 'off')",
                "DIR/app.yaml:10:68: routes[6].envelope: unknown envelope 'x' (define it under "
                "envelopes:)",
                "DIR/app.yaml:11:54: routes[7].roles: roles need 'auth: required'",
                "DIR/app.yaml:12:25: routes[8].path: path '/health' is served by the host itself "
                "(builtin:); choose another path or move the built-in endpoint",
                "DIR/app.yaml:14:25: routes[10]: route GET /i/:slug is already defined at "
                "DIR/app.yaml:13:5 (/i/:id)",
                "DIR/app.yaml:15:25: routes[11].path: invalid parameter ':1x' (write ':name', "
                "letters, digits, '_')",
                "DIR/app.yaml:15:41: routes[11].script: invalid script id '../etc' (its path "
                "under scripts/ without .lua, like 'taklifnoma/routes/home')",
            }));
}

TEST_F(ConfigLoaderTest, NonblockingIsForScriptRoutes) {
  EXPECT_EQ(errorsFor(std::string(kPlugins) +
                      "  - {method: GET, path: /a, handler: hello.a, nonblocking: true}\n"),
            Errors{"DIR/app.yaml:4:60: routes[0].nonblocking: nonblocking is for script routes; a "
                   "plugin handler declares it in its registration (Registrar::handler(..., "
                   "nonblocking))"});
  EXPECT_EQ(errorsFor(std::string(kPlugins) +
                      "  - {method: GET, path: /a, script: app/a, nonblocking: yes please}\n")
                .size(),
            1u);
  const auto config = load(std::string(kPlugins) +
                           "  - {method: GET, path: /a, script: app/a, nonblocking: true}\n");
  EXPECT_TRUE(config.routes.at(0).nonblocking);
}

TEST_F(ConfigLoaderTest, DefaultsMustNameExistingPolicies) {
  EXPECT_EQ(errorsFor("defaults:\n  cors: web\n  envelope: nope\n"),
            (Errors{"DIR/app.yaml:2:9: defaults.cors: unknown CORS policy 'web' (define it under "
                    "cors:)",
                    "DIR/app.yaml:3:13: defaults.envelope: unknown envelope 'nope' (define it "
                    "under envelopes:)"}));
}

TEST_F(ConfigLoaderTest, DuplicatePluginIsAnError) {
  EXPECT_EQ(errorsFor("plugins:\n  - name: hello\n  - name: hello\n"),
            Errors{"DIR/app.yaml:3:11: plugins[1].name: plugin 'hello' is already listed at "
                   "DIR/app.yaml:2:5"});
}

TEST_F(ConfigLoaderTest, MissingPluginFilesNameThePaths) {
  EXPECT_EQ(errorsFor("plugins:\n  - {name: hello, file: lib/nope.so}\n"),
            Errors{"DIR/app.yaml:2:25: plugins[0].file: plugin file 'DIR/lib/nope.so' does not "
                   "exist"});
  EXPECT_EQ(errorsFor("plugin_dirs: [a, /b]\nplugins:\n  - name: chat\n"),
            Errors{"DIR/app.yaml:3:11: plugins[0]: plugin 'chat' not found; searched "
                   "DIR/a/chat.so, /b/chat.so (set `file:` or `plugin_dirs:`)"});
  EXPECT_EQ(errorsFor("plugins:\n  - name: Chat\n"),
            Errors{"DIR/app.yaml:2:11: plugins[0].name: value 'Chat' does not match the pattern "
                   "'^[a-z][a-z0-9_]*$'"});
}

TEST_F(ConfigLoaderTest, CorsChecks) {
  EXPECT_EQ(errorsFor("cors:\n  open:\n    allowed_origins: ['*']\n    allow_credentials: true\n"),
            Errors{"DIR/app.yaml:4:24: cors.open.allow_credentials: allow_credentials cannot be "
                   "true with allowed_origins '*': browsers refuse credentialed responses for any "
                   "origin, and echoing every origin would let any site act as the user; list the "
                   "origins instead"});
  EXPECT_EQ(errorsFor("cors:\n  web:\n    allowed_origins: ['https://a.com/', '*']\n"),
            Errors{"DIR/app.yaml:3:23: cors.web.allowed_origins[0]: '*' allows every origin; "
                   "list no others beside it"});
  EXPECT_EQ(errorsFor("cors:\n  web:\n    allowed_origins: ['https://a.com/']\n"),
            Errors{"DIR/app.yaml:3:23: cors.web.allowed_origins[0]: origin 'https://a.com/' must "
                   "look like scheme://host[:port] (no path, no trailing '/'), as browsers send "
                   "it"});
  EXPECT_EQ(errorsFor("cors:\n  web: {}\n"),
            Errors{"DIR/app.yaml:2:8: cors.web: required key 'allowed_origins' is missing"});
}

TEST_F(ConfigLoaderTest, EnvelopeChecks) {
  EXPECT_EQ(errorsFor("envelopes:\n  x:\n    error: \"{{message}}\"\n"),
            Errors{"DIR/app.yaml:3:12: envelopes.x.error: the template must be a mapping (a JSON "
                   "object)"});
  EXPECT_EQ(errorsFor("envelopes:\n  x:\n    error: {m: \"{{mesage}}\"}\n"),
            Errors{"DIR/app.yaml:3:12: envelopes.x.error: unknown placeholder '{{mesage}}' "
                   "(known: {{message}}, {{code}}, {{status}}, {{request_id}}, {{errors}}, "
                   "{{retry_after}})"});
}

TEST_F(ConfigLoaderTest, BuiltinPathsMustBeDistinctPaths) {
  EXPECT_EQ(errorsFor("builtin:\n  health_path: health\n  ready_path: health\n"),
            (Errors{"DIR/app.yaml:2:16: builtin.health_path: path must start with '/'",
                    "DIR/app.yaml:3:15: builtin.ready_path: path must start with '/'",
                    "DIR/app.yaml:3:15: builtin.ready_path: path 'health' is also "
                    "builtin.health_path"}));
}

TEST(ProcessEnvironmentTest, ReadsTheProcessEnvironment) {
  ::setenv("ATRIUM_CONFIG_TEST_VAR", "42", 1);
  ::unsetenv("ATRIUM_CONFIG_TEST_UNSET");
  const EnvLookup env = processEnvironment();
  EXPECT_EQ(env("ATRIUM_CONFIG_TEST_VAR"), "42");
  EXPECT_EQ(env("ATRIUM_CONFIG_TEST_UNSET"), std::nullopt);
}

TEST(PluginLocatorTest, DefaultDirectoryIsNextToTheExecutable) {
  const auto exe = std::filesystem::read_symlink("/proc/self/exe");
  EXPECT_EQ(defaultPluginDirs(),
            std::vector<std::string>{(exe.parent_path() / "plugins").string()});
}

}  // namespace
}  // namespace atrium::host::config

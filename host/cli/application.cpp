#include "host/cli/application.hpp"

#include <csignal>
#include <filesystem>
#include <system_error>

#include "host/cli/database_setup.hpp"
#include "host/cli/script_options.hpp"
#include "host/config/config_error.hpp"
#include "host/db/connection_pool.hpp"
#include "host/db/database.hpp"
#include "host/http/metrics.hpp"
#include "host/lua/script_engine.hpp"
#include "host/lua/script_route.hpp"
#include "host/plugin/plugin_manager.hpp"
#include "host/server/http_server.hpp"
#include "host/server/pipeline.hpp"
#include "host/server/worker_pool.hpp"
#include "host/services/ai/ai_service.hpp"
#include "host/services/auth/auth_service.hpp"
#include "host/services/events/events_service.hpp"
#include "host/services/messaging/messaging_service.hpp"
#include "host/services/storage/local_disk_storage.hpp"
#include "host/services/storage/storage_service.hpp"
#include "host/services/storage/stored_file_handler.hpp"

namespace atrium::host::cli {

Application::Application(config::HostConfig config, const common::LogSink& logs)
    : config_(std::move(config)), logs_(logs), logger_(logs, "host") {}

Application::~Application() {
  // Reverse order of construction; plugins stop after the last handler call returned.
  server_.reset();
  if (workers_) workers_->shutdown();
  pipeline_.reset();
  if (events_) events_->stop();
  if (messaging_) messaging_->stop();
  if (ai_) ai_->stop();
  if (plugins_) plugins_->stopAll();
}

namespace {

messaging::MessagingSettings messagingSettings(const config::HostConfig& config) {
  return messaging::MessagingSettings{config.mail, config.sms, config.outbox, config.product};
}

}  // namespace

void Application::prepare() {
  loadPlugins();
  startAuth(true);  // a missing key stops the start before the database is touched
  const db::DatabaseUrl url = parseConfiguredUrl(config_.database);
  const db::MigrationCatalog catalog =
      loadMigrationCatalog(config_.database, *plugins_, url.backend);
  const common::Logger db_logger(logs_, "host.db");
  std::unique_ptr<db::ConnectionPool> pool = openDatabase(config_.database, url, db_logger);
  prepareSchema(*pool, catalog, migrateMode(config_.database, url.backend), db_logger,
                config_.source_file);
  database_ = std::make_unique<db::Database>(
      std::move(pool),
      db::DatabaseOptions{.slow_query_threshold = config_.database.slow_query_threshold,
                          .max_result_bytes = config_.database.max_result_bytes},
      logs_);
  plugins_->provideDatabase(database_.get());
  try {
    messaging_ = std::make_unique<messaging::MessagingService>(messagingSettings(config_),
                                                               *database_, logs_);
  } catch (const std::invalid_argument& e) {
    throw config::ConfigError(config_.source_file + ": " + e.what());
  }
  plugins_->provideMessaging(messaging_.get());
  ai_ = std::make_unique<ai::AiService>(config_.ai, config_.product, database_.get(), logs_);
  plugins_->provideAi(ai_.get());
  startStorage();
  startScripts();
  scripts_->provideMessaging(messaging_.get());
  startEvents();
  scripts_->provideAi(ai_.get());
  lua::ScriptEngine* scripts = scripts_.get();
  ai_->provideTemplates([scripts](std::string_view script, std::string_view function,
                                  const nlohmann::json& vars, std::string_view request_id) {
    lua::CallContext context;
    context.request_id = request_id;
    return scripts->call(script, function, vars, context);
  });
  startPluginsAndCompileRoutes();
}

void Application::check() {
  loadPlugins();
  const db::DatabaseUrl url = parseConfiguredUrl(config_.database);
  loadMigrationCatalog(config_.database, *plugins_, url.backend);
  try {
    messaging::makeMailTransport(config_.mail);
    messaging::makeSmsTransport(config_.sms);
    storage::checkStorageConfig(config_.storage);
  } catch (const std::invalid_argument& e) {
    throw config::ConfigError(config_.source_file + ": " + e.what());
  }
  startAuth(false);
  startScripts();
  startEvents();
  startPluginsAndCompileRoutes();
}

// The events service, with its topic rules bound to the scripts and plugin handlers they name.
void Application::startEvents() {
  std::vector<events::TopicPolicy::Rule> rules;
  std::vector<std::string> errors;
  for (const config::EventsTopicRule& rule : config_.events.topics) {
    events::TopicPolicy::Rule bound{rule.pattern, {}};
    if (!rule.script.empty()) {
      if (!scripts_->has(rule.script)) {
        errors.push_back(rule.mark.str() + ": events.topics: unknown script '" + rule.script + "'");
        continue;
      }
      lua::ScriptEngine* scripts = scripts_.get();
      bound.authorize = [scripts, script = rule.script, function = rule.function](
                            const std::string& principal, const std::string& topic) {
        nlohmann::json args{{"user", nlohmann::json::parse(principal, nullptr, false)},
                            {"topic", topic}};
        return scripts->call(script, function, args) == nlohmann::json(true);
      };
    } else {
      const plugin::HandlerEntry* handler = plugins_->findHandler(rule.handler);
      if (handler == nullptr) {
        errors.push_back(rule.mark.str() + ": events.topics: unknown handler '" + rule.handler +
                         "'");
        continue;
      }
      bound.authorize = [handler, path = config_.events.path](const std::string& principal,
                                                              const std::string& topic) {
        http::Request request;
        request.method = "GET";
        request.path = path;
        request.raw_target = path;
        request.query.emplace_back("topic", topic);
        request.principal_json = principal;
        http::Response response;
        handler->invoke(request, response);
        return !response.has_error && response.status >= 200 && response.status < 300;
      };
    }
    rules.push_back(std::move(bound));
  }
  if (!errors.empty()) throw config::ConfigError(std::move(errors));
  events_ = std::make_unique<events::EventsService>(
      config_.events, events::TopicPolicy(std::move(rules)), logs_, database_.get());
  plugins_->provideEvents(events_.get());
  scripts_->provideEvents(events_.get());
}

namespace {

std::string scriptStatusJson(const lua::ScriptEngine& engine) {
  nlohmann::json list = nlohmann::json::array();
  for (const lua::ScriptStatus& status : engine.status()) {
    char loaded[common::kIsoTimestampLength];
    common::formatIsoTimestamp(status.loaded_at, loaded);
    list.push_back(
        {{"id", status.id},
         {"file", status.file},
         {"version", status.version},
         {"serving", status.version > 0},
         {"loaded_at", status.version > 0 ? nlohmann::json(std::string(loaded, sizeof loaded))
                                          : nlohmann::json()},
         {"error", status.error.empty() ? nlohmann::json() : nlohmann::json(status.error)}});
  }
  return nlohmann::json{{"scripts", list}}.dump();
}

}  // namespace

void Application::startScripts() {
  const config::ScriptsConfig& cfg = config_.scripts;
  scripts_ = std::make_unique<lua::ScriptEngine>(engineOptionsFor(cfg), logs_, database_.get());
  std::error_code ec;
  if (!std::filesystem::is_directory(cfg.dir, ec)) {
    // A product without scripts: nothing to load or watch (a route naming a script is then
    // refused as unknown).
    logger_.info("no scripts directory; scripts are off", {{"dir", cfg.dir}});
    plugins_->provideScripts(scripts_.get());
    return;
  }
  std::vector<std::string> errors = scripts_->loadAll();
  if (!errors.empty()) {
    for (std::string& error : errors) error = cfg.dir + "/" + error;
    throw config::ConfigError(std::move(errors));
  }
  plugins_->provideScripts(scripts_.get());
}

void Application::startStorage() {
  try {
    storage_ = std::make_unique<storage::StorageService>(
        config_.storage, std::make_unique<storage::LocalDiskStorage>(config_.storage.dir), logs_);
  } catch (const std::invalid_argument& e) {
    throw config::ConfigError(config_.source_file + ": " + e.what());
  }
  plugins_->provideStorage(storage_.get());
}

void Application::startAuth(bool create_secret_file) {
  const common::Logger auth_logger(logs_, "host.auth");
  auth_ = auth::AuthService::create(config_, auth_logger,
                                    auth::KeyLoadOptions{.create_secret_file = create_secret_file});
  plugins_->provideAuth(auth_.get());
}

void Application::loadPlugins() {
  plugins_ = std::make_unique<plugin::PluginManager>(logs_);
  plugins_->load(config_);
}

void Application::startPluginsAndCompileRoutes() {
  plugins_->startAll();
  metrics_ = std::make_unique<http::Metrics>();
  const auto& server = config_.server;
  workers_ = std::make_unique<server::WorkerPool>(static_cast<size_t>(server.worker_threads),
                                                  server.worker_queue_limit);
  server::Pipeline::Dependencies deps{config_, *plugins_, *workers_, *metrics_, logs_};
  deps.database = database_.get();
  if (database_) {
    db::Database* database = database_.get();
    deps.readiness.push_back([database]() -> std::optional<std::string> {
      if (database->healthy()) return std::nullopt;
      return "database";
    });
    deps.metrics_sources.push_back(
        [database](std::string& out) { database->renderPrometheus(out); });
  }
  if (messaging_) {
    messaging::MessagingService* messaging = messaging_.get();
    deps.metrics_sources.push_back(
        [messaging](std::string& out) { messaging->renderPrometheus(out); });
  }
  deps.auth = auth_.get();
  deps.events = events_.get();
  if (events_) {
    events::EventsService* service = events_.get();
    deps.metrics_sources.push_back(
        [service](std::string& out) { service->metrics().renderPrometheus(out); });
  }
  auth::AuthService* auth = auth_.get();
  deps.metrics_sources.push_back(
      [auth](std::string& out) { auth->metrics().renderPrometheus(out); });
  lua::ScriptEngine* scripts = scripts_.get();
  deps.metrics_sources.push_back([scripts](std::string& out) { scripts->renderPrometheus(out); });
  deps.run_script = [scripts](std::string_view id, http::Request& request,
                              http::Response& response) {
    lua::runScriptRoute(*scripts, id, request, response);
  };
  deps.script_exists = [scripts](std::string_view id) { return scripts->has(id); };
  deps.script_status = [scripts] { return scriptStatusJson(*scripts); };
  if (storage_) {
    deps.uploads = storage::StoredFileHandler(*storage_, config_.server.max_response_bytes);
    deps.uploads_prefix = config_.storage.url_prefix;
  }
  pipeline_ = std::make_unique<server::Pipeline>(deps);
}

int Application::serve() {
  // Signals are blocked in every thread (the mask is inherited by the threads created below)
  // and taken synchronously here, so no handler runs in a signal context.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  server_ = std::make_unique<server::HttpServer>(config_.server, *pipeline_, logs_);
  server_->start();
  if (messaging_) messaging_->start();
  if (events_) events_->start();
  logger_.info("listening", {{"host", config_.server.listen.host},
                             {"port", server_->port()},
                             {"product", config_.product},
                             {"routes", config_.routes.size()},
                             {"plugins", config_.plugins.size()},
                             {"workers", config_.server.worker_threads}});
  for (;;) {
    int signal_number = 0;
    if (sigwait(&signals, &signal_number) != 0) continue;
    if (signal_number == SIGHUP) {
      reloadScripts();
      continue;
    }
    logger_.info("shutting down", {{"signal", signal_number == SIGTERM ? "SIGTERM" : "SIGINT"}});
    break;
  }
  drainAndStop();
  return 0;
}

// SIGHUP: scripts are rescanned at once (they also reload by themselves within a second); the
// YAML itself is not reloaded yet.
void Application::reloadScripts() {
  const std::vector<std::string> errors =
      scripts_ ? scripts_->loadAll() : std::vector<std::string>{};
  logger_.info("SIGHUP: scripts rescanned; the config file is not reloaded (restart to apply it)",
               {{"script_errors", errors}});
}

void Application::drainAndStop() {
  pipeline_->setDraining(true);
  server_->stopAccepting();
  // Open streams end now (clients reconnect elsewhere with Last-Event-ID); they are no
  // requests in flight and would otherwise hold the drain up to the keep-alive timeout.
  if (events_) events_->stop();
  const auto timeout = config_.server.drain_timeout;
  if (server_->waitIdle(timeout)) {
    logger_.info("drained: every in-flight request was answered");
  } else {
    logger_.warn("drain timeout: stopping with requests in flight or answers not yet written",
                 {{"in_flight", server_->inFlight()}, {"timeout_ms", timeout.count()}});
  }
  server_->shutdown();
  workers_->shutdown();
  // After the last request (no more enqueues); a delivery in progress is interrupted and its
  // message is retried by the next instance to run.
  if (messaging_) messaging_->stop();
  if (ai_) ai_->stop();
  plugins_->stopAll();
  pipeline_->flushLogs();
  logger_.info("stopped");
}

}  // namespace atrium::host::cli

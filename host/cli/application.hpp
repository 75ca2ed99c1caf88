#pragma once

#include <memory>
#include <string>

#include "host/common/logger.hpp"
#include "host/config/host_config.hpp"

namespace atrium::host::plugin {
class PluginManager;
}
namespace atrium::host::http {
class Metrics;
}

namespace atrium::host::db {
class Database;
}
namespace atrium::host::lua {
class ScriptEngine;
}
namespace atrium::host::messaging {
class MessagingService;
}
namespace atrium::host::auth {
class AuthService;
}
namespace atrium::host::events {
class EventsService;
}
namespace atrium::host::ai {
class AiService;
}

namespace atrium::host::storage {
class StorageService;
}

namespace atrium::host::server {
class WorkerPool;
class Pipeline;
class HttpServer;
}  // namespace atrium::host::server

namespace atrium::host::cli {

// The one place where the host is assembled: config → plugins (loaded) → database (opened,
// migrated) → plugins (started) → pipeline → HTTP server. Every dependency is created here and
// passed down explicitly.
class Application {
 public:
  Application(config::HostConfig config, const common::LogSink& logs);
  ~Application();

  // For serve: loads the plugins, checks the migration files, opens the database and brings its
  // schema up to date (database.migrate), then starts the plugins and compiles the routes.
  // Throws config::ConfigError (config, plugin and migration-file problems),
  // db::DatabaseUnavailable, db::MigrationError or plugin::PluginError with precise messages.
  void prepare();

  // For check-config: the same without the database (the URL is parsed and the migration
  // files are checked for its backend, nothing connects).
  void check();

  // Binds the port and serves until SIGTERM/SIGINT, then drains. Returns the exit code.
  int serve();

  const config::HostConfig& config() const { return config_; }
  // The database service, after prepare(); it outlives the plugins.
  db::Database& database() { return *database_; }

 private:
  void loadPlugins();
  // Compiles every script (a compile error stops the start, listing each) and hands the engine
  // to the plugins.
  void startScripts();
  // Loads the token keys (production: refuses a missing or short secret; development: creates
  // the secret file once when `create_secret_file`) and hands the service to the plugins.
  void startAuth(bool create_secret_file);
  // The events service (`events:`), its topic rules bound to scripts and plugin handlers
  // (unknown ones stop the start); handed to the plugins and the scripts.
  void startEvents();
  // Opens storage.dir (created when missing) and hands the storage service to the plugins;
  // the pipeline serves its files at storage.url_prefix.
  void startStorage();
  void startPluginsAndCompileRoutes();
  void drainAndStop();
  void reloadScripts();

  config::HostConfig config_;
  const common::LogSink& logs_;
  common::Logger logger_;
  std::unique_ptr<db::Database> database_;                  // declared first: destroyed last
  std::unique_ptr<messaging::MessagingService> messaging_;  // uses database_
  std::unique_ptr<ai::AiService> ai_;                       // uses database_ and scripts_
  std::unique_ptr<lua::ScriptEngine> scripts_;              // uses database_; outlives the plugins
  std::unique_ptr<auth::AuthService> auth_;                 // outlives the plugins and the pipeline
  std::unique_ptr<events::EventsService> events_;           // outlives the plugins
  std::unique_ptr<storage::StorageService> storage_;        // outlives the plugins and the pipeline
  std::unique_ptr<plugin::PluginManager> plugins_;
  std::unique_ptr<http::Metrics> metrics_;
  std::unique_ptr<server::WorkerPool> workers_;
  std::unique_ptr<server::Pipeline> pipeline_;
  std::unique_ptr<server::HttpServer> server_;
};

}  // namespace atrium::host::cli

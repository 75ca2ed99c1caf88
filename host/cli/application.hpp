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

namespace atrium::host::server {
class WorkerPool;
class Pipeline;
class HttpServer;
}  // namespace atrium::host::server

namespace atrium::host::cli {

// The one place where the host is assembled: config → plugins → pipeline → HTTP server.
// Every dependency is created here and passed down explicitly.
class Application {
 public:
  Application(config::HostConfig config, const common::LogSink& logs);
  ~Application();

  // Loads and starts the plugins and compiles the routes. Throws config::ConfigError (or
  // std::runtime_error for plugin load failures) with precise messages.
  void prepare();

  // Binds the port and serves until SIGTERM/SIGINT, then drains. Returns the exit code.
  int serve();

  const config::HostConfig& config() const { return config_; }

 private:
  void drainAndStop();

  config::HostConfig config_;
  const common::LogSink& logs_;
  common::Logger logger_;
  std::unique_ptr<plugin::PluginManager> plugins_;
  std::unique_ptr<http::Metrics> metrics_;
  std::unique_ptr<server::WorkerPool> workers_;
  std::unique_ptr<server::Pipeline> pipeline_;
  std::unique_ptr<server::HttpServer> server_;
};

}  // namespace atrium::host::cli

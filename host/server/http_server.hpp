#pragma once

#include <chrono>
#include <cstdint>
#include <memory>

#include "host/common/logger.hpp"
#include "host/config/host_config.hpp"
#include "host/server/in_flight_tracker.hpp"
#include "host/server/reactor_channel.hpp"

namespace Pistache::Http {
class Endpoint;
}

namespace atrium::host::server {

class Pipeline;

// The network side: a Pistache endpoint whose handler turns each request into a host Request,
// fixes Pistache 0.0.5's keep-alive answer, and hands it to the Pipeline with a Responder that
// can answer from any thread. Knows nothing about routes or plugins.
class HttpServer {
 public:
  HttpServer(const config::ServerConfig& config, Pipeline& pipeline, const common::LogSink& logs);
  ~HttpServer();

  // Binds and starts the reactor threads. Throws std::runtime_error naming the address when the
  // port cannot be bound.
  void start();
  uint16_t port() const { return port_; }

  // Graceful stop, step by step: refuse new connections, wait for in-flight requests (true when
  // they all finished in time), then stop the reactors.
  void stopAccepting();
  bool waitIdle(std::chrono::milliseconds timeout) { return in_flight_.waitIdle(timeout); }
  void shutdown();
  int64_t inFlight() const { return in_flight_.count(); }

 private:
  const config::ServerConfig& config_;
  Pipeline& pipeline_;
  common::Logger logger_;
  InFlightTracker in_flight_;
  ReactorChannels channels_;
  std::unique_ptr<Pistache::Http::Endpoint> endpoint_;
  uint16_t port_ = 0;
  bool running_ = false;
};

}  // namespace atrium::host::server

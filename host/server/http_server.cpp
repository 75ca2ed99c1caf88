#include "host/server/http_server.hpp"

#include <stdexcept>

#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <pistache/peer.h>

#include "host/server/listen_socket.hpp"
#include "host/server/pipeline.hpp"
#include "host/server/pistache_adapter.hpp"
#include "host/server/responder.hpp"

namespace atrium::host::server {

namespace PH = Pistache::Http;

namespace {

// Answers one request through Pistache from whichever thread finishes it. Pistache queues a
// write made off the reactor thread to that reactor, so this is safe from the worker pool.
class PistacheResponder final : public Responder {
 public:
  PistacheResponder(PH::ResponseWriter writer, InFlightTracker& tracker, const common::Logger& log)
      : writer_(std::move(writer)), tracker_(tracker), log_(log) {
    tracker_.begin();
  }
  ~PistacheResponder() override {
    if (!sent_) {
      http::Response fallback;
      fallback.setJson(500, R"({"error":"internal_error"})");
      send(fallback, false);
    }
  }

  void send(const http::Response& response, bool head_only) override {
    if (sent_) return;
    sent_ = true;
    // The request counts as in flight until its bytes are on the socket: from a worker thread
    // Pistache only queues the write, and a drain that stopped the reactor right after would
    // drop it. The tracker outlives the reactors (HttpServer stops them first).
    // (InFlightTracker explains why a write that never settles does not hold up the drain.)
    InFlightTracker* tracker = &tracker_;
    try {
      auto written = sendHostResponse(writer_, response, head_only);
      tracker_.handedOver();
      written.then([tracker](ssize_t) { tracker->written(); },
                   [tracker](std::exception_ptr) { tracker->written(); });
    } catch (const std::exception& e) {
      // The client went away before we answered: nothing to send, nothing to crash for.
      log_.debug("response not delivered", {{"reason", e.what()}});
      tracker_.abandoned();
    }
  }

 private:
  PH::ResponseWriter writer_;
  InFlightTracker& tracker_;
  const common::Logger& log_;
  bool sent_ = false;
};

// Pistache clones the handler once per reactor thread; clones share the pipeline.
class PistacheHandler final : public PH::Handler {
 public:
  HTTP_PROTOTYPE(PistacheHandler)

  PistacheHandler(Pipeline& pipeline, InFlightTracker& tracker, const common::Logger& log)
      : pipeline_(&pipeline), tracker_(&tracker), log_(&log) {}

  void onRequest(const PH::Request& request, PH::ResponseWriter writer) override {
    keepConnectionAlive(request, writer);
    // The request is fully received. Pistache 0.0.5 resets its parser clock now but keeps the
    // peer "busy", and its idle checker then applies the *header* timeout to the connection:
    // a handler slower than server.header_timeout got a bare 408 and a closed connection.
    // Marked idle, the connection is subject to server.keepalive_timeout while the handler
    // runs, and the header timeout only measures receiving headers, as configured.
    if (auto peer = writer.getPeer()) peer->setIdle(true);
    auto host_request = std::make_unique<http::Request>(toHostRequest(request));
    auto responder = std::make_unique<PistacheResponder>(std::move(writer), *tracker_, *log_);
    pipeline_->handle(std::move(host_request), std::move(responder));
  }

  void onTimeout(const PH::Request& /*request*/, PH::ResponseWriter writer) override {
    writer.headers().remove<PH::Header::Connection>();
    writer.headers().add<PH::Header::Connection>(PH::ConnectionControl::Close);
    http::Response response = pipeline_->standaloneError(408);
    sendHostResponse(writer, response, false);
  }

 private:
  // Pistache 0.0.5 answers "Connection: Close" to an HTTP/1.1 request without a Connection
  // header, although HTTP/1.1 defaults to keep-alive (and it leaves the socket open anyway),
  // which makes clients reconnect for every request.
  static void keepConnectionAlive(const PH::Request& request, PH::ResponseWriter& writer) {
    if (request.version() != PH::Version::Http11) return;
    if (request.headers().has<PH::Header::Connection>()) return;
    writer.headers().remove<PH::Header::Connection>();
    writer.headers().add<PH::Header::Connection>(PH::ConnectionControl::KeepAlive);
  }

  Pipeline* pipeline_;
  InFlightTracker* tracker_;
  const common::Logger* log_;
};

}  // namespace

HttpServer::HttpServer(const config::ServerConfig& config, Pipeline& pipeline,
                       const common::LogSink& logs)
    : config_(config), pipeline_(pipeline), logger_(logs, "host.http") {}

HttpServer::~HttpServer() { shutdown(); }

void HttpServer::start() {
  const auto& listen = config_.listen;
  try {
    Pistache::Address address(listen.host, Pistache::Port(listen.port));
    endpoint_ = std::make_unique<PH::Endpoint>(address);
    auto options = PH::Endpoint::options()
                       .threads(config_.reactor_threads)
                       .threadsName("atrium-net")
                       .flags(Pistache::Tcp::Options::ReuseAddr)
                       .maxRequestSize(config_.max_request_bytes)
                       .maxResponseSize(config_.max_response_bytes)
                       .headerTimeout(config_.header_timeout)
                       .bodyTimeout(config_.body_timeout)
                       .keepaliveTimeout(config_.keepalive_timeout);
    endpoint_->init(options);
    endpoint_->setHandler(std::make_shared<PistacheHandler>(pipeline_, in_flight_, logger_));
    endpoint_->serveThreaded();  // binds too (a separate bind() would bind twice)
  } catch (const std::exception& e) {
    endpoint_.reset();
    throw std::runtime_error("cannot listen on " + listen.host + ":" + std::to_string(listen.port) +
                             ": " + e.what());
  }
  running_ = true;
  port_ = static_cast<uint16_t>(endpoint_->getPort());
}

void HttpServer::stopAccepting() {
  if (!running_) return;
  if (!stopListening(port_)) {
    logger_.warn("could not close the listening socket; new connections are still accepted",
                 {{"port", port_}});
  }
}

void HttpServer::shutdown() {
  if (!running_) return;
  running_ = false;
  endpoint_->shutdown();
  endpoint_.reset();
}

}  // namespace atrium::host::server

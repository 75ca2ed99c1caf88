#include "host/server/http_server.hpp"

#include <stdexcept>

#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <pistache/peer.h>

#include "host/server/listen_socket.hpp"
#include "host/server/pipeline.hpp"
#include "host/server/pistache_adapter.hpp"
#include "host/server/reactor_channel.hpp"
#include "host/server/reactor_mailbox.hpp"
#include "host/server/reserved_connection.hpp"
#include "host/server/responder.hpp"

namespace atrium::host::server {

namespace PH = Pistache::Http;

namespace {

// One answer on its way to the socket. It runs on the reactor thread that owns the connection
// (ReactorMailbox explains why nothing may be sent from a worker thread).
class PendingWrite final : public ReactorTask {
 public:
  PendingWrite(PH::ResponseWriter writer, http::Response response, bool head_only,
               InFlightTracker& tracker, const common::Logger& log)
      : writer_(std::move(writer)),
        response_(std::move(response)),
        head_only_(head_only),
        tracker_(tracker),
        log_(log) {}
  ~PendingWrite() override {
    if (!ran_) tracker_.abandoned();  // the server stopped before the reactor could send it
  }

  void run() override {
    ran_ = true;
    // The request counts as in flight until its bytes are on the socket, so that a drain
    // does not stop the reactor under a queued write. The tracker outlives the reactors
    // (HttpServer stops them first). InFlightTracker explains why a write that never
    // settles does not hold up the drain.
    InFlightTracker* tracker = &tracker_;
    try {
      auto written = sendHostResponse(writer_, response_, head_only_);
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
  http::Response response_;
  bool head_only_;
  InFlightTracker& tracker_;
  const common::Logger& log_;
  bool ran_ = false;
};

// Answers one request from whichever thread finishes it: on the reactor thread at once, from a
// worker through the reactor's mailbox. Without a mailbox (the channel could not be opened)
// the write goes straight to Pistache, as Pistache 0.0.5 itself allows, with its lost wake-up.
class PistacheResponder final : public Responder {
 public:
  PistacheResponder(PH::ResponseWriter writer, std::shared_ptr<ReactorMailbox> mailbox,
                    InFlightTracker& tracker, const common::Logger& log)
      : writer_(std::move(writer)), mailbox_(std::move(mailbox)), tracker_(tracker), log_(log) {
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
    auto write =
        std::make_unique<PendingWrite>(std::move(writer_), response, head_only, tracker_, log_);
    if (mailbox_) {
      mailbox_->post(std::move(write));
    } else {
      write->run();
    }
  }

  // Streaming answers (server-sent events): host/server/reserved_connection.hpp.
  void reserveStream() override { stream_.reserve(writer_); }
  int detachStream() override {
    if (sent_) return -1;
    const int fd = stream_.take();
    if (fd < 0) return -1;
    sent_ = true;
    tracker_.abandoned();  // the stream's owner writes the answer; it is no request in flight
    return fd;
  }

 private:
  PH::ResponseWriter writer_;
  std::shared_ptr<ReactorMailbox> mailbox_;
  InFlightTracker& tracker_;
  const common::Logger& log_;
  bool sent_ = false;
  ReservedConnection stream_;
};

// Pistache clones the handler once per reactor thread; clones share the pipeline.
// Each clone opens its reactor's channel on its first request, on that reactor's thread.
class PistacheHandler final : public PH::Handler {
 public:
  typedef Pistache::Http::details::prototype_tag tag;  // what HTTP_PROTOTYPE declares

  PistacheHandler(Pipeline& pipeline, InFlightTracker& tracker, ReactorChannels& channels,
                  std::chrono::milliseconds keepalive_timeout, const common::Logger& log)
      : pipeline_(&pipeline),
        tracker_(&tracker),
        channels_(&channels),
        keepalive_timeout_(keepalive_timeout),
        log_(&log) {}

  // What HTTP_PROTOTYPE does (a copy keeps the limits and timeouts Pistache set on the
  // original: max request size, header and body timeouts), minus the reactor channel, which
  // belongs to the reactor that owns this clone and is opened there.
  std::shared_ptr<Pistache::Tcp::Handler> clone() const override {
    auto copy = std::make_shared<PistacheHandler>(*this);
    copy->channel_.reset();
    return copy;
  }

  void onRequest(const PH::Request& request, PH::ResponseWriter writer) override {
    auto peer = writer.getPeer();
    if (channel_ && channel_->carries(peer)) {
      channel_->onWake();
      return;  // a wake-up, not a client's request: nothing to answer
    }
    openChannel();
    keepConnectionAlive(request, writer);
    // The request is fully received. Pistache 0.0.5 resets its parser clock now but keeps the
    // peer "busy", and its idle checker then applies the *header* timeout to the connection:
    // a handler slower than server.header_timeout got a bare 408 and a closed connection.
    // Marked idle, the connection is subject to server.keepalive_timeout while the handler
    // runs, and the header timeout only measures receiving headers, as configured.
    if (peer) peer->setIdle(true);
    auto host_request = std::make_unique<http::Request>(toHostRequest(request));
    auto responder = std::make_unique<PistacheResponder>(
        std::move(writer), channel_ ? channel_->mailbox() : nullptr, *tracker_, *log_);
    pipeline_->handle(std::move(host_request), std::move(responder));
  }

  void onTimeout(const PH::Request& /*request*/, PH::ResponseWriter writer) override {
    writer.headers().remove<PH::Header::Connection>();
    writer.headers().add<PH::Header::Connection>(PH::ConnectionControl::Close);
    http::Response response = pipeline_->standaloneError(408);
    sendHostResponse(writer, response, false);
  }

 private:
  void openChannel() {
    if (channel_ && channel_->usable()) {
      channel_->keepAlive(keepalive_timeout_);
      return;
    }
    try {
      channel_ = ReactorChannel::open(*transport());
      channels_->add(channel_);
    } catch (const std::exception& e) {
      channel_.reset();
      log_->warn("cannot open the reactor channel; worker answers go to Pistache directly",
                 {{"reason", e.what()}});
    }
  }

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
  ReactorChannels* channels_;
  std::chrono::milliseconds keepalive_timeout_;
  const common::Logger* log_;
  std::shared_ptr<ReactorChannel> channel_;  // this clone's reactor
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
    endpoint_->setHandler(std::make_shared<PistacheHandler>(
        pipeline_, in_flight_, channels_,
        std::chrono::duration_cast<std::chrono::milliseconds>(config_.keepalive_timeout), logger_));
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
  endpoint_->shutdown();  // joins the reactor threads
  channels_.stopAll();    // answers finished later are dropped, not sent through a dead reactor
  endpoint_.reset();
}

}  // namespace atrium::host::server

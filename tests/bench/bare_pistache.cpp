// The baseline for docs/performance.md: a bare Pistache 0.0.5 server with one reactor thread
// answering every GET with a constant small JSON. It keeps connections alive the way Atrium must
// (PLATFORM_NOTES: Pistache says `Connection: Close` to an HTTP/1.1 request without a Connection
// header, so the header is replaced by keep-alive).
//
//   bench_bare_pistache [PORT]   (default 0: any free port)
//
// Prints `listening <port>` on stdout once bound; exits 0 on SIGTERM or SIGINT.

#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <pistache/net.h>

namespace {

using namespace Pistache;

class JsonHandler : public Http::Handler {
 public:
  HTTP_PROTOTYPE(JsonHandler)

  void onRequest(const Http::Request& request, Http::ResponseWriter response) override {
    response.headers().remove<Http::Header::Connection>();
    response.headers().add<Http::Header::Connection>(Http::ConnectionControl::KeepAlive);
    if (request.method() != Http::Method::Get) {
      response.send(Http::Code::Method_Not_Allowed, "", MIME(Text, Plain));
      return;
    }
    response.send(Http::Code::Ok, R"({"hello":"world"})", MIME(Application, Json));
  }
};

}  // namespace

int main(int argc, char** argv) {
  const long port = argc > 1 ? std::strtol(argv[1], nullptr, 10) : 0;
  if (port < 0 || port > 65535) {
    std::fprintf(stderr, "usage: %s [PORT]\n", argv[0]);
    return 2;
  }

  // Handle SIGTERM/SIGINT synchronously: block them here, before Pistache starts its threads.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  Http::Endpoint endpoint(Address(Ipv4::loopback(), Port(static_cast<uint16_t>(port))));
  endpoint.init(Http::Endpoint::options()
                    .threads(1)
                    .flags(Tcp::Options::ReuseAddr)
                    .maxRequestSize(16 * 1024)
                    .keepaliveTimeout(std::chrono::seconds(60)));
  endpoint.setHandler(Http::make_handler<JsonHandler>());
  endpoint.serveThreaded();
  std::printf("listening %u\n", static_cast<unsigned>(static_cast<uint16_t>(endpoint.getPort())));
  std::fflush(stdout);

  int received = 0;
  sigwait(&stop_signals, &received);
  endpoint.shutdown();
  return 0;
}

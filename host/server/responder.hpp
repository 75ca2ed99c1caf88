#pragma once

#include "host/http/response.hpp"

namespace atrium::host::server {

// Sends the one answer of one request, from any thread. The network layer implements it; the
// pipeline only sees this interface, so it is testable without sockets.
class Responder {
 public:
  virtual ~Responder() = default;
  // `head_only`: send the headers of `response` without its body (HEAD requests).
  virtual void send(const http::Response& response, bool head_only) = 0;

  // Streaming answers (server-sent events), in two steps. reserveStream() is called on the
  // network thread that received the request, before the request may leave it; detachStream()
  // later, from any thread, instead of send(): it returns a socket descriptor for the
  // connection that the caller then owns and writes the whole answer to, or -1 when this
  // responder cannot stream (nothing reserved, or the connection is gone). The default streams
  // nothing.
  virtual void reserveStream() {}
  virtual int detachStream() { return -1; }
};

}  // namespace atrium::host::server

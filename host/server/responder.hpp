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
};

}  // namespace atrium::host::server

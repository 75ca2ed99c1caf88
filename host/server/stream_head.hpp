#pragma once

#include <string>

#include "host/http/response.hpp"

namespace atrium::host::server {

// The HTTP/1.1 head of a streaming answer: the status line, `response`'s content type and
// headers (those the middleware added: request id, CORS, security headers), and
// `Connection: close` (the stream ends with the connection, so no chunked framing). CR and LF
// inside a header are dropped.
std::string renderStreamHead(const http::Response& response);

}  // namespace atrium::host::server

#pragma once

#include <string>
#include <string_view>

#include "host/middleware/middleware.hpp"

namespace atrium::host::middleware {

// Gives every request an id: a sane incoming X-Request-Id (see isValidRequestId) is kept,
// anything else is replaced by a fresh one. The id is stored in Request::request_id and echoed
// in the X-Request-Id response header. A request whose request_id is already set (the server
// may assign one before routing, e.g. for a 404) keeps it, so the step is idempotent.
class RequestIdMiddleware final : public Middleware {
 public:
  static constexpr std::string_view kHeader = "X-Request-Id";

  bool onRequest(http::Request& request, http::Response& response) override;
  void onResponse(const http::Request& request, http::Response& response) override;
};

// 1 to 128 characters of [A-Za-z0-9._:-]. Refuses CR/LF, spaces, quotes and non-ASCII, so an id
// can be echoed in a header and written to a log without escaping.
bool isValidRequestId(std::string_view id);

// 32 lower-case hex characters (128 random bits) from a per-thread generator seeded from
// std::random_device. Not a UUID, not for secrets.
std::string generateRequestId();

}  // namespace atrium::host::middleware

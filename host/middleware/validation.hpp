#pragma once

#include <memory>

#include "host/config/host_config.hpp"
#include "host/middleware/middleware.hpp"

namespace atrium::host::middleware {

// A route's `validate:` block, run after authentication and rate limits, before the handler:
// the JSON body (an empty body is read as {}; a body that is not JSON is one field error) and the
// query string against their schemas (sdk/include/atrium/validation.hpp, the code plugins use
// too). Failures answer 400 with every field error, placed by the envelope's {{errors}}. With
// `unknown: strip` the handler receives the body without the unknown members.
class ValidationMiddleware final : public Middleware {
 public:
  explicit ValidationMiddleware(std::shared_ptr<const config::ValidationConfig> config)
      : config_(std::move(config)) {}

  bool onRequest(http::Request& request, http::Response& response) override;
  void onResponse(const http::Request& request, http::Response& response) override;

 private:
  std::shared_ptr<const config::ValidationConfig> config_;
};

}  // namespace atrium::host::middleware

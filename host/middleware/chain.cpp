#include "host/middleware/chain.hpp"

#include <algorithm>
#include <exception>
#include <stdexcept>
#include <string>
#include <utility>

namespace atrium::host::middleware {

namespace {

void setInternalError(http::Response& response, std::string detail) {
  response.setError(500, "internal_error", "Internal server error", std::move(detail));
}

std::string describeCurrentException(const char* phase) {
  try {
    throw;
  } catch (const std::exception& e) {
    return std::string("middleware ") + phase + " threw: " + e.what();
  } catch (...) {
    return std::string("middleware ") + phase + " threw a non-standard exception";
  }
}

}  // namespace

void MiddlewareChain::add(std::shared_ptr<Middleware> step) {
  if (!step) throw std::invalid_argument("MiddlewareChain::add: null middleware");
  steps_.push_back(std::move(step));
}

MiddlewareChain::Progress MiddlewareChain::runRequest(http::Request& request,
                                                      http::Response& response) const {
  for (size_t i = 0; i < steps_.size(); ++i) {
    bool proceed = false;
    try {
      proceed = steps_[i]->onRequest(request, response);
    } catch (...) {
      setInternalError(response, describeCurrentException("onRequest"));
    }
    if (!proceed) return Progress{false, i + 1};
  }
  return Progress{true, steps_.size()};
}

void MiddlewareChain::runResponse(const http::Request& request, http::Response& response,
                                  size_t ran) const {
  for (size_t i = std::min(ran, steps_.size()); i > 0; --i) {
    try {
      steps_[i - 1]->onResponse(request, response);
    } catch (...) {
      setInternalError(response, describeCurrentException("onResponse"));
    }
  }
}

}  // namespace atrium::host::middleware

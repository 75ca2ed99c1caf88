#include "host/middleware/validation.hpp"

#include <atrium/validation.hpp>

namespace atrium::host::middleware {
namespace {

// The body as JSON: {} when empty; false when it is not JSON.
bool parseBody(const std::string& body, nlohmann::json& out) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
    out = nlohmann::json::object();
    return true;
  }
  out = nlohmann::json::parse(body, nullptr, false);
  return !out.is_discarded();
}

std::string messageOf(const std::string& configured, const std::vector<sdk::FieldError>& errors) {
  static const std::string kErrors = "{{errors}}";
  std::string message = configured;
  const std::string joined = sdk::joinedMessages(errors);
  for (size_t pos = message.find(kErrors); pos != std::string::npos;
       pos = message.find(kErrors, pos + joined.size())) {
    message.replace(pos, kErrors.size(), joined);
  }
  return message;
}

}  // namespace

bool ValidationMiddleware::onRequest(http::Request& request, http::Response& response) {
  std::vector<sdk::FieldError> errors;
  if (config_->body) {
    nlohmann::json body;
    if (!parseBody(request.body, body)) {
      errors.push_back({"", "request body must be valid JSON"});
    } else {
      errors = config_->body->validate(body);
      if (errors.empty() && config_->body->strips()) {
        request.body = body.dump();  // without the members `unknown: strip` removed
      }
    }
  }
  if (config_->query) {
    std::vector<sdk::FieldError> query_errors = config_->query->validateQuery(request.query);
    errors.insert(errors.end(), query_errors.begin(), query_errors.end());
  }
  if (errors.empty()) return true;
  response.setError(400, config_->code, messageOf(config_->message, errors));
  response.error.errors = sdk::fieldErrorsJson(errors);
  return false;
}

void ValidationMiddleware::onResponse(const http::Request& /*request*/,
                                      http::Response& /*response*/) {}

}  // namespace atrium::host::middleware

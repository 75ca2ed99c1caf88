// An HTTP error a handler throws on purpose: the host renders it in the product's error envelope.
// Compiles as C++17.
#pragma once

#include <exception>
#include <string>
#include <utility>

namespace atrium::sdk {

// `status` is 4xx or 5xx, `code` a stable machine code ("not_found"), `message` a text that is
// safe to show to the client. `internal` (optional) is detail for the operators: it is logged
// with the request id (error level for 500, warn for other 5xx, info for 4xx) and never sent.
// Anything else a handler throws becomes a 500 whose detail goes to the log only.
class HttpError : public std::exception {
 public:
  HttpError(int status, std::string code, std::string message, std::string internal = {})
      : status_(status),
        code_(std::move(code)),
        message_(std::move(message)),
        internal_(std::move(internal)) {}

  int status() const noexcept { return status_; }
  const std::string& code() const noexcept { return code_; }
  const std::string& message() const noexcept { return message_; }
  const std::string& internal() const noexcept { return internal_; }
  const char* what() const noexcept override { return message_.c_str(); }

 private:
  int status_;
  std::string code_;
  std::string message_;
  std::string internal_;
};

// `throw atrium::sdk::notFound("No such wedding");`
inline HttpError badRequest(std::string message, std::string code = "bad_request") {
  return HttpError(400, std::move(code), std::move(message));
}
inline HttpError unauthorized(std::string message, std::string code = "unauthorized") {
  return HttpError(401, std::move(code), std::move(message));
}
inline HttpError forbidden(std::string message, std::string code = "forbidden") {
  return HttpError(403, std::move(code), std::move(message));
}
inline HttpError notFound(std::string message, std::string code = "not_found") {
  return HttpError(404, std::move(code), std::move(message));
}
inline HttpError conflict(std::string message, std::string code = "conflict") {
  return HttpError(409, std::move(code), std::move(message));
}
inline HttpError payloadTooLarge(std::string message, std::string code = "payload_too_large") {
  return HttpError(413, std::move(code), std::move(message));
}
inline HttpError unprocessable(std::string message, std::string code = "unprocessable") {
  return HttpError(422, std::move(code), std::move(message));
}
inline HttpError tooManyRequests(std::string message, std::string code = "rate_limited") {
  return HttpError(429, std::move(code), std::move(message));
}
inline HttpError badGateway(std::string message, std::string code = "bad_gateway") {
  return HttpError(502, std::move(code), std::move(message));
}
inline HttpError unavailable(std::string message, std::string code = "unavailable") {
  return HttpError(503, std::move(code), std::move(message));
}

}  // namespace atrium::sdk

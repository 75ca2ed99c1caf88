// The answer a handler returns: a plain value the SDK copies into the host's response.
// Compiles as C++17.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace atrium::sdk {

class Response {
 public:
  using Header = std::pair<std::string, std::string>;

  // 200 with an empty body and no Content-Type: a valid answer.
  Response() = default;

  // `value` serialised as JSON (invalid UTF-8 in strings is replaced, never thrown).
  static Response json(const nlohmann::json& value, int status = 200) {
    Response r;
    r.status_ = status;
    r.body_ = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    r.content_type_ = "application/json";
    return r;
  }
  static Response text(std::string body, int status = 200) {
    return bytes(std::move(body), "text/plain; charset=utf-8", status);
  }
  static Response bytes(std::string body, std::string content_type, int status = 200) {
    Response r;
    r.status_ = status;
    r.body_ = std::move(body);
    r.content_type_ = std::move(content_type);
    return r;
  }
  static Response noContent() {
    Response r;
    r.status_ = 204;
    return r;
  }

  int status() const noexcept { return status_; }
  const std::vector<Header>& headers() const noexcept { return headers_; }
  const std::string& body() const noexcept { return body_; }
  const std::string& contentType() const noexcept { return content_type_; }

  Response& setStatus(int status) {
    status_ = status;
    return *this;
  }
  // Adds one header line. Names must be HTTP tokens and values free of CR, LF and NUL: the host
  // refuses anything else and the handler then fails with a 500.
  Response& addHeader(std::string name, std::string value) {
    headers_.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  Response& setBody(std::string body, std::string content_type) {
    body_ = std::move(body);
    content_type_ = std::move(content_type);
    return *this;
  }

 private:
  int status_ = 200;
  std::vector<Header> headers_;
  std::string body_;
  std::string content_type_;
};

}  // namespace atrium::sdk

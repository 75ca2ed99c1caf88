#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/http/request.hpp"

namespace atrium::host::http {

// An error to be rendered in the product's envelope. `message` goes to the client;
// `internal_detail` goes to the log only.
struct ErrorInfo {
  ErrorInfo() = default;
  ErrorInfo(int status_code, std::string error_code, std::string client_message,
            std::string detail = {})
      : status(status_code),
        code(std::move(error_code)),
        message(std::move(client_message)),
        internal_detail(std::move(detail)) {}

  int status = 500;
  std::string code;     // stable machine code: "not_found", "method_not_allowed", ...
  std::string message;  // client-safe text
  std::string internal_detail;
  // Optional values an envelope may place: {{errors}} (a JSON array of {field, message}) and
  // {{retry_after}} (seconds). Null / unset when the error has none.
  nlohmann::json errors;
  std::optional<int64_t> retry_after;
};

// The response an exchange produces, independent of Pistache.
struct Response {
  int status = 200;
  std::vector<NameValue> headers;  // extra headers, sent as given
  std::string body;
  std::string content_type;  // empty: no Content-Type header
  // Set when the response is an error still to be rendered by the envelope.
  bool has_error = false;
  ErrorInfo error;
  // Set by a handler that answers with a stream (server-sent events). When the response is a
  // 200 without error, the network layer hands the connection over instead of sending it: `fd`
  // is a socket the callee owns from then on and `head` the HTTP head (status line, headers,
  // blank line) it must write first.
  std::function<void(int fd, std::string head)> stream;

  void setHeader(std::string name, std::string value);  // replaces all of that name
  void addHeader(std::string name, std::string value);
  bool hasHeader(std::string_view name) const;
  void setJson(int status_code, std::string json_text);
  void setError(int status_code, std::string error_code, std::string message,
                std::string internal_detail = {});
};

}  // namespace atrium::host::http

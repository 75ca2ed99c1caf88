#include "host/http/response.hpp"

#include <algorithm>

namespace atrium::host::http {

void Response::setHeader(std::string name, std::string value) {
  headers.erase(std::remove_if(headers.begin(), headers.end(),
                               [&](const NameValue& h) { return equalsIgnoreCase(h.first, name); }),
                headers.end());
  headers.emplace_back(std::move(name), std::move(value));
}

void Response::addHeader(std::string name, std::string value) {
  headers.emplace_back(std::move(name), std::move(value));
}

bool Response::hasHeader(std::string_view name) const {
  return std::any_of(headers.begin(), headers.end(),
                     [&](const NameValue& h) { return equalsIgnoreCase(h.first, name); });
}

void Response::setJson(int status_code, std::string json_text) {
  status = status_code;
  body = std::move(json_text);
  content_type = "application/json";
  has_error = false;
}

void Response::setError(int status_code, std::string error_code, std::string message,
                        std::string internal_detail) {
  status = status_code;
  has_error = true;
  error =
      ErrorInfo{status_code, std::move(error_code), std::move(message), std::move(internal_detail)};
}

}  // namespace atrium::host::http

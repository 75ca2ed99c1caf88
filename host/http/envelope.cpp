#include "host/http/envelope.hpp"

#include <array>
#include <optional>
#include <stdexcept>

namespace atrium::host::http {

namespace {

struct StatusText {
  int status;
  std::string_view message;
  std::string_view code;
};

constexpr std::array<StatusText, 15> kStatusTexts = {{
    {400, "Bad request", "bad_request"},
    {401, "Unauthorized", "unauthorized"},
    {403, "Forbidden", "forbidden"},
    {404, "Not found", "not_found"},
    {405, "Method not allowed", "method_not_allowed"},
    {408, "Request timeout", "request_timeout"},
    {409, "Conflict", "conflict"},
    {413, "Payload too large", "payload_too_large"},
    {415, "Unsupported media type", "unsupported_media_type"},
    {422, "Unprocessable entity", "unprocessable_entity"},
    {429, "Too many requests", "too_many_requests"},
    {500, "Internal server error", "internal_error"},
    {502, "Bad gateway", "bad_gateway"},
    {503, "Service unavailable", "service_unavailable"},
    {504, "Gateway timeout", "gateway_timeout"},
}};

const StatusText* findStatus(int status) {
  for (const auto& s : kStatusTexts) {
    if (s.status == status) return &s;
  }
  return nullptr;
}

constexpr std::string_view kOpen = "{{";
constexpr std::string_view kClose = "}}";

struct Values {
  std::string_view message;
  std::string_view code;
  std::string status;
  std::string_view request_id;
  std::string errors;       // the field messages joined with ", "
  std::string retry_after;  // seconds; empty when unset

  bool lookup(std::string_view name, std::string_view& out) const {
    if (name == "message")
      out = message;
    else if (name == "code")
      out = code;
    else if (name == "status")
      out = status;
    else if (name == "request_id")
      out = request_id;
    else if (name == "errors")
      out = errors;
    else if (name == "retry_after")
      out = retry_after;
    else
      return false;
    return true;
  }
};

// One left-to-right pass; unknown placeholders are kept as written.
std::string substitute(std::string_view text, const Values& values) {
  std::string out;
  out.reserve(text.size() + values.message.size());
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t open = text.find(kOpen, pos);
    if (open == std::string_view::npos) break;
    const size_t close = text.find(kClose, open + kOpen.size());
    if (close == std::string_view::npos) break;
    const std::string_view name = text.substr(open + kOpen.size(), close - open - kOpen.size());
    std::string_view value;
    out.append(text.substr(pos, open - pos));
    if (values.lookup(name, value)) {
      out.append(value);
    } else {
      out.append(text.substr(open, close + kClose.size() - open));
    }
    pos = close + kClose.size();
  }
  out.append(text.substr(pos));
  return out;
}

// A leaf that is exactly an optional placeholder: its JSON value, or nullopt when the error has
// none (the member is then left out).
std::optional<nlohmann::json> optionalLeaf(const std::string& text, const ErrorInfo& error,
                                           bool& matched) {
  matched = true;
  if (text == "{{errors}}") {
    if (error.errors.is_null()) return std::nullopt;
    return error.errors;
  }
  if (text == "{{retry_after}}") {
    if (!error.retry_after) return std::nullopt;
    return nlohmann::json(*error.retry_after);
  }
  matched = false;
  return std::nullopt;
}

// Renders `node`; returns false when it is an optional placeholder without a value (to be
// removed from its parent).
bool renderInto(nlohmann::json& node, const Values& values, const ErrorInfo& error) {
  if (node.is_string()) {
    const std::string& text = node.get_ref<const std::string&>();
    bool matched = false;
    if (auto value = optionalLeaf(text, error, matched); matched) {
      if (!value) return false;
      node = std::move(*value);
    } else if (text == "{{status}}") {
      node = error.status;
    } else if (text.find(kOpen) != std::string::npos) {
      node = substitute(text, values);
    }
  } else if (node.is_object()) {
    for (auto it = node.begin(); it != node.end();) {
      if (renderInto(it.value(), values, error)) {
        ++it;
      } else {
        it = node.erase(it);
      }
    }
  } else if (node.is_array()) {
    for (size_t i = 0; i < node.size();) {
      if (renderInto(node[i], values, error)) {
        ++i;
      } else {
        node.erase(i);
      }
    }
  }
  return true;
}

Values valuesOf(const ErrorInfo& error, std::string_view request_id) {
  Values values;
  values.message = error.message.empty() ? defaultMessageFor(error.status) : error.message;
  values.code = error.code.empty() ? defaultCodeFor(error.status) : error.code;
  values.status = std::to_string(error.status);
  values.request_id = request_id;
  if (error.errors.is_array()) {
    for (const auto& e : error.errors) {
      if (!values.errors.empty()) values.errors += ", ";
      if (e.is_object() && e.contains("message") && e.at("message").is_string()) {
        values.errors += e.at("message").get<std::string>();
      }
    }
  }
  if (error.retry_after) values.retry_after = std::to_string(*error.retry_after);
  return values;
}

}  // namespace

std::string_view defaultMessageFor(int status) {
  if (const StatusText* s = findStatus(status)) return s->message;
  return status >= 400 && status < 500 ? "Request failed" : "Internal server error";
}

std::string_view defaultCodeFor(int status) {
  if (const StatusText* s = findStatus(status)) return s->code;
  return status >= 400 && status < 500 ? "error" : "internal_error";
}

std::string renderError(const config::Envelope& envelope, const ErrorInfo& error,
                        std::string_view request_id) {
  const Values values = valuesOf(error, request_id);
  nlohmann::json body;
  if (envelope.error_template.is_null()) {
    body = {{"error",
             {{"code", values.code}, {"message", values.message}, {"request_id", request_id}}}};
    if (error.errors.is_array()) body["error"]["errors"] = error.errors;
  } else {
    body = renderTemplate(envelope.error_template, error, request_id);
  }
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json renderTemplate(const nlohmann::json& error_template, const ErrorInfo& error,
                              std::string_view request_id) {
  const Values values = valuesOf(error, request_id);
  nlohmann::json body = error_template;
  if (!renderInto(body, values, error)) return nlohmann::json();
  return body;
}

}  // namespace atrium::host::http

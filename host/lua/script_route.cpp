#include "host/lua/script_route.hpp"

#include <string>

#include "host/http/header_syntax.hpp"

namespace atrium::host::lua {
namespace {

nlohmann::json pairsToObject(const std::vector<http::NameValue>& pairs, bool lower_names) {
  nlohmann::json object = nlohmann::json::object();
  for (const auto& [name, value] : pairs) {
    const std::string key = lower_names ? http::lowerAscii(name) : name;
    if (!object.contains(key)) object[key] = value;  // a repeated key keeps its first value
  }
  return object;
}

bool isJsonBody(const http::Request& request) {
  const auto type = request.header("Content-Type");
  return type && http::lowerAscii(*type).find("json") != std::string::npos;
}

std::string stringOr(const nlohmann::json& object, const char* key, std::string fallback) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : fallback;
}

// {status = 404, error = {code =, message =}}
bool applyError(const nlohmann::json& result, int status, http::Response& response) {
  const auto error = result.find("error");
  if (error == result.end() || !error->is_object()) return false;
  if (status < 400 || status > 599) status = 500;
  response.setError(status, stringOr(*error, "code", "error"),
                    stringOr(*error, "message", "Request failed"));
  return true;
}

void applyBody(const nlohmann::json& body, http::Response& response) {
  if (body.is_string()) {
    response.body = body.get<std::string>();
    if (response.content_type.empty()) response.content_type = "text/plain; charset=utf-8";
  } else if (!body.is_null()) {
    response.body = body.dump();
    if (response.content_type.empty()) response.content_type = "application/json";
  }
}

bool isExplicitResponse(const nlohmann::json& result) {
  const auto status = result.find("status");
  return status != result.end() && status->is_number_integer() &&
         (result.contains("body") || result.contains("headers") || result.contains("error") ||
          result.size() == 1);
}

}  // namespace

nlohmann::json requestToJson(const http::Request& request) {
  nlohmann::json body = request.body;
  if (!request.body.empty() && isJsonBody(request)) {
    body = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
    if (body.is_discarded()) body = request.body;  // the script sees the raw text
  }
  nlohmann::json principal = nullptr;
  if (!request.principal_json.empty()) {
    principal = nlohmann::json::parse(request.principal_json, nullptr, false);
    if (principal.is_discarded()) principal = nullptr;
  }
  return {{"method", request.method},
          {"path", request.path},
          {"route", request.route_pattern},
          {"params", pairsToObject(request.params, false)},
          {"query", pairsToObject(request.query, false)},
          {"headers", pairsToObject(request.headers, true)},
          {"body", std::move(body)},
          {"principal", std::move(principal)},
          {"request_id", request.request_id},
          {"client_ip", request.client_ip}};
}

void applyScriptResult(const nlohmann::json& result, http::Response& response) {
  if (result.is_null()) {
    response.status = 204;
    return;
  }
  if (!result.is_object() || !isExplicitResponse(result)) {
    response.setJson(200, result.dump());
    return;
  }
  const int status = result.at("status").get<int>();
  if (applyError(result, status, response)) return;
  if (status < 200 || status > 599) {
    response.setError(500, "internal_error", "Internal server error",
                      "script returned status " + std::to_string(status) + " (expected 200..599)");
    return;
  }
  response.status = status;
  if (const auto headers = result.find("headers");
      headers != result.end() && headers->is_object()) {
    std::vector<http::NameValue> checked;
    for (const auto& [name, value] : headers->items()) {
      std::string text = value.is_string() ? value.get<std::string>() : value.dump();
      if (!http::isHeaderName(name) || !http::isHeaderValue(text) ||
          http::equalsIgnoreCase(name, "Content-Length") ||
          http::equalsIgnoreCase(name, "Transfer-Encoding") ||
          http::equalsIgnoreCase(name, "Connection")) {
        response.setError(500, "internal_error", "Internal server error",
                          "script set a refused response header '" + name.substr(0, 64) +
                              "' (not an HTTP token, CR/LF/NUL in the value, or a framing header)");
        return;
      }
      checked.emplace_back(name, std::move(text));
    }
    for (auto& [name, value] : checked) {
      if (http::equalsIgnoreCase(name, "Content-Type")) {
        response.content_type = std::move(value);
      } else {
        response.addHeader(name, std::move(value));
      }
    }
  }
  if (const auto body = result.find("body"); body != result.end()) applyBody(*body, response);
}

void runScriptRoute(ScriptEngine& engine, std::string_view script_id, const http::Request& request,
                    http::Response& response) {
  try {
    const nlohmann::json result =
        engine.call(script_id, "handle", requestToJson(request), CallContext{request.request_id});
    applyScriptResult(result, response);
  } catch (const ScriptError& e) {
    response.setError(500, "internal_error", "Internal server error",
                      "script " + std::string(script_id) + " (" +
                          std::string(scriptErrorKindName(e.kind())) + "): " + e.what());
  }
}

}  // namespace atrium::host::lua

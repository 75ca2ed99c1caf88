#include "host/lua/script_route.hpp"

#include <cstdint>
#include <string>

#include "host/config/host_config.hpp"
#include "host/http/header_syntax.hpp"
#include "host/lua/call_codec.hpp"
#include "host/lua/json_text.hpp"
#include "host/lua/lua_value.hpp"

namespace atrium::host::lua {
namespace {

void setString(lua_State* L, const char* field, std::string_view value) {
  lua_pushlstring(L, value.data(), value.size());
  lua_setfield(L, -2, field);
}

// {name = value, ...}; a repeated name keeps its first value.
void pushPairs(lua_State* L, const std::vector<http::NameValue>& pairs, bool lower_names,
               std::string& scratch) {
  lua_createtable(L, 0, static_cast<int>(pairs.size()));
  for (const auto& [name, value] : pairs) {
    if (lower_names) {
      scratch.assign(name);
      for (char& c : scratch) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      }
      lua_pushlstring(L, scratch.data(), scratch.size());
    } else {
      lua_pushlstring(L, name.data(), name.size());
    }
    lua_pushvalue(L, -1);
    lua_rawget(L, -3);
    const bool seen = !lua_isnil(L, -1);
    lua_pop(L, 1);
    if (seen) {
      lua_pop(L, 1);
      continue;
    }
    lua_pushlstring(L, value.data(), value.size());
    lua_rawset(L, -3);
  }
}

bool isJsonBody(const http::Request& request) {
  const auto type = request.header("Content-Type");
  return type && http::lowerAscii(*type).find("json") != std::string::npos;
}

// The string at t[field], or `fallback` when it is absent or not a string.
std::string stringField(lua_State* L, int table, const char* field, const char* fallback) {
  lua_getfield(L, table, field);
  std::string out = fallback;
  if (lua_type(L, -1) == LUA_TSTRING) {
    size_t length = 0;
    const char* text = lua_tolstring(L, -1, &length);
    out.assign(text, length);
  }
  lua_pop(L, 1);
  return out;
}

bool hasField(lua_State* L, int table, const char* field) {
  lua_getfield(L, table, field);
  const bool present = !lua_isnil(L, -1);
  lua_pop(L, 1);
  return present;
}

bool onlyOneKey(lua_State* L, int table) {
  lua_pushnil(L);
  int count = 0;
  while (count < 2 && lua_next(L, table) != 0) {
    lua_pop(L, 1);
    ++count;
  }
  if (count == 2) lua_pop(L, 1);  // the key lua_next left
  return count == 1;
}

// The request as the script's argument, and its result as the response (script_route.hpp).
class RouteCodec final : public CallCodec {
 public:
  RouteCodec(const http::Request& request, http::Response& response)
      : request_(request), response_(response) {}

  void pushArgument(lua_State* L) override {
    lua_createtable(L, 0, 10);
    setString(L, "method", request_.method);
    setString(L, "path", request_.path);
    setString(L, "route", request_.route_pattern);
    std::string scratch;
    pushPairs(L, request_.params, false, scratch);
    lua_setfield(L, -2, "params");
    pushPairs(L, request_.query, false, scratch);
    lua_setfield(L, -2, "query");
    pushPairs(L, request_.headers, true, scratch);
    lua_setfield(L, -2, "headers");
    // The parsed JSON when the body is JSON; otherwise (and when it does not parse) the text.
    if (request_.body.empty() || !isJsonBody(request_) || !pushJsonText(L, request_.body)) {
      lua_pushlstring(L, request_.body.data(), request_.body.size());
    }
    lua_setfield(L, -2, "body");
    if (!request_.principal_json.empty() && pushJsonText(L, request_.principal_json)) {
      lua_setfield(L, -2, "principal");  // absent (nil) for anonymous requests
    }
    setString(L, "request_id", request_.request_id);
    setString(L, "client_ip", request_.client_ip);
  }

  void takeResult(lua_State* L, int index) override {
    if (lua_isnil(L, index)) {
      response_.status = 204;
      return;
    }
    if (lua_type(L, index) != LUA_TTABLE || !explicitResponse(L, index)) {
      std::string body;
      appendJsonText(L, index, body);
      response_.setJson(200, std::move(body));
      return;
    }
    lua_getfield(L, index, "status");
    int64_t whole = 0;
    integralNumber(lua_tonumber(L, -1), whole);  // explicitResponse checked it is integral
    lua_pop(L, 1);
    const int status = whole >= 0 && whole <= 999 ? static_cast<int>(whole) : 0;
    if (applyError(L, index, status)) return;
    if (status < 200 || status > 599) {
      response_.setError(
          500, "internal_error", "Internal server error",
          "script returned status " + std::to_string(whole) + " (expected 200..599)");
      return;
    }
    if (!applyHeaders(L, index)) return;
    response_.status = status;
    lua_getfield(L, index, "body");
    applyBody(L, lua_gettop(L));
    lua_pop(L, 1);
  }

 private:
  // {status = <integer>, ...} with a body, headers or error, or nothing else.
  static bool explicitResponse(lua_State* L, int index) {
    lua_getfield(L, index, "status");
    int64_t whole = 0;
    const bool integer =
        lua_type(L, -1) == LUA_TNUMBER && integralNumber(lua_tonumber(L, -1), whole);
    lua_pop(L, 1);
    if (!integer) return false;
    return hasField(L, index, "body") || hasField(L, index, "headers") ||
           hasField(L, index, "error") || onlyOneKey(L, index);
  }

  // {status = 404, error = {code =, message =}}
  bool applyError(lua_State* L, int index, int status) {
    lua_getfield(L, index, "error");
    const int error = lua_gettop(L);
    if (lua_type(L, error) != LUA_TTABLE || arrayTable(L, error)) {
      lua_pop(L, 1);
      return false;
    }
    if (status < 400 || status > 599) status = 500;
    response_.setError(status, stringField(L, error, "code", "error"),
                       stringField(L, error, "message", "Request failed"));
    lua_pop(L, 1);
    return true;
  }

  // Checks every header before applying any: a refused one makes the whole answer a 500.
  bool applyHeaders(lua_State* L, int index) {
    lua_getfield(L, index, "headers");
    const int headers = lua_gettop(L);
    if (lua_type(L, headers) != LUA_TTABLE || arrayTable(L, headers)) {
      lua_pop(L, 1);
      return true;
    }
    std::vector<http::NameValue> checked;
    lua_pushnil(L);
    while (lua_next(L, headers) != 0) {
      std::string name;
      if (lua_type(L, -2) == LUA_TSTRING) {
        size_t length = 0;
        const char* text = lua_tolstring(L, -2, &length);
        name.assign(text, length);
      } else {
        name = numberKey(lua_tonumber(L, -2));  // arrayTable refused other key types
      }
      std::string value;
      if (lua_type(L, -1) == LUA_TSTRING) {
        size_t length = 0;
        const char* text = lua_tolstring(L, -1, &length);
        value.assign(text, length);
      } else {
        appendJsonText(L, -1, value);
      }
      lua_pop(L, 1);
      if (!http::isHeaderName(name) || !http::isHeaderValue(value) ||
          http::equalsIgnoreCase(name, "Content-Length") ||
          http::equalsIgnoreCase(name, "Transfer-Encoding") ||
          http::equalsIgnoreCase(name, "Connection")) {
        lua_pop(L, 2);  // the key and the headers table
        response_.setError(500, "internal_error", "Internal server error",
                           "script set a refused response header '" + name.substr(0, 64) +
                               "' (not an HTTP token, CR/LF/NUL in the value, or a framing "
                               "header)");
        return false;
      }
      checked.emplace_back(std::move(name), std::move(value));
    }
    lua_pop(L, 1);
    for (auto& [name, value] : checked) {
      if (http::equalsIgnoreCase(name, "Content-Type")) {
        response_.content_type = std::move(value);
      } else {
        response_.addHeader(std::move(name), std::move(value));
      }
    }
    return true;
  }

  // A string body is text/plain unless a Content-Type header says otherwise; other values are
  // JSON.
  void applyBody(lua_State* L, int body) {
    if (lua_isnil(L, body)) return;
    if (lua_type(L, body) == LUA_TSTRING) {
      size_t length = 0;
      const char* text = lua_tolstring(L, body, &length);
      response_.body.assign(text, length);
      if (response_.content_type.empty()) response_.content_type = "text/plain; charset=utf-8";
      return;
    }
    std::string json;
    try {
      appendJsonText(L, body, json);
    } catch (const ConversionError& e) {
      const std::string path = e.what();  // "f: ...", "[2]: ..." or "a function ..."
      const bool top = path.rfind("a ", 0) == 0 || path.rfind("NaN", 0) == 0;
      throw ConversionError("body" + std::string(top ? ": " : path[0] == '[' ? "" : ".") + path);
    }
    if (json == "null") return;  // atrium.json.null: no body
    response_.body = std::move(json);
    if (response_.content_type.empty()) response_.content_type = "application/json";
  }

  const http::Request& request_;
  http::Response& response_;
};

// What the script answered, on top of what the chain already put in `response`.
void merge(http::Response&& result, http::Response& response) {
  response.status = result.status;
  for (auto& [name, value] : result.headers) response.addHeader(name, std::move(value));
  if (!result.content_type.empty()) response.content_type = std::move(result.content_type);
  response.body = std::move(result.body);
  if (result.has_error) {
    response.setError(result.error.status, std::move(result.error.code),
                      std::move(result.error.message), std::move(result.error.internal_detail));
  }
}

}  // namespace

void runScriptRoute(ScriptEngine& engine, std::string_view script_id, const http::Request& request,
                    http::Response& response) {
  try {
    http::Response result;  // applied only once the whole result was read
    RouteCodec codec(request, result);
    const bool nonblocking = request.route != nullptr && request.route->nonblocking;
    engine.callWith(script_id, "handle", codec, CallContext{request.request_id, nonblocking});
    merge(std::move(result), response);
  } catch (const ScriptError& e) {
    response.setError(500, "internal_error", "Internal server error",
                      "script " + std::string(script_id) + " (" +
                          std::string(scriptErrorKindName(e.kind())) + "): " + e.what());
  }
}

}  // namespace atrium::host::lua

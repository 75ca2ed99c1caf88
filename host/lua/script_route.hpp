#pragma once

#include <string_view>

#include "host/http/request.hpp"
#include "host/http/response.hpp"
#include "host/lua/script_engine.hpp"

namespace atrium::host::lua {

// A route served by a script (`script: <id>` in the product YAML): calls `handle(req)` of the
// script on the calling worker thread and turns what it returns into the HTTP response.
//
// The script receives one table, built straight from the request (no JSON document between):
//   {method, path, route, params = {id = "7"}, query = {q = "x"}, headers = {["content-type"] =
//    ...} (names lower-case), body (the parsed JSON when the body is JSON, else the raw
//    string, "" when empty), principal (table; nil when anonymous), request_id, client_ip}
// and returns:
//   nil                                 → 204 No Content
//   {status = 201, headers = {...}, body = <table | string>}   → that response (a table body is
//                                          JSON; a string body is text/plain unless a
//                                          Content-Type header says otherwise)
//   {status = 404, error = {code = "not_found", message = "No such guest"}}
//                                        → an error in the product's envelope
//   any other table                      → 200 with the table as JSON
// A script failure (ScriptError) becomes a 500 whose detail (script id, file:line, message) goes
// to the log only.
// A result that cannot be used (a function, a cycle; a refused header) is a 500 too.
void runScriptRoute(ScriptEngine& engine, std::string_view script_id, const http::Request& request,
                    http::Response& response);

}  // namespace atrium::host::lua

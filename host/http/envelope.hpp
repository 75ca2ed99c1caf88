#pragma once

#include <string>
#include <string_view>

#include "host/config/host_config.hpp"
#include "host/http/response.hpp"

namespace atrium::host::http {

// Renders an error in a product's envelope (config::Envelope::error_template). Every string leaf
// of the template has "{{message}}", "{{code}}", "{{status}}", "{{request_id}}",
// "{{retry_after}}" (seconds) and "{{errors}}" (the field messages joined with ", ")
// substituted; a leaf that is exactly "{{status}}" becomes the status as a JSON number, one that
// is exactly "{{errors}}" the array of {field, message}, one that is exactly "{{retry_after}}" a
// number; such an exact {{errors}} / {{retry_after}} leaf is left out (member or element
// removed) when the error has no such value. Substituted values are
// never re-scanned, so a message holding "{{code}}" stays literal. Object keys are not touched.
// An empty `error.message` or `error.code` is replaced by defaultMessageFor / defaultCodeFor.
// A null template renders {"error":{"code":..,"message":..,"request_id":..}} (plus "errors"
// when the error has field errors).
// Returns compact JSON text (invalid UTF-8 in values is replaced by U+FFFD).
std::string renderError(const config::Envelope& envelope, const ErrorInfo& error,
                        std::string_view request_id);

// The template alone (a JSON value: mapping or string) rendered the same way; null when the
// whole template is an optional placeholder without a value.
nlohmann::json renderTemplate(const nlohmann::json& error_template, const ErrorInfo& error,
                              std::string_view request_id);

// "Not found" / "not_found" and so on for 400 401 403 404 405 408 409 413 415 422 429 500 502
// 503 504; other statuses fall back by class ("Request failed"/"error" for 4xx,
// "Internal server error"/"internal_error" for 5xx and anything else).
std::string_view defaultMessageFor(int status);
std::string_view defaultCodeFor(int status);

}  // namespace atrium::host::http

#pragma once

#include <string>
#include <string_view>

#include "host/config/host_config.hpp"
#include "host/http/response.hpp"

namespace atrium::host::http {

// Renders an error in a product's envelope (config::Envelope::error_template). Every string leaf
// of the template has "{{message}}", "{{code}}", "{{status}}" and "{{request_id}}" substituted;
// a leaf that is exactly "{{status}}" becomes the status as a JSON number. Substituted values are
// never re-scanned, so a message holding "{{code}}" stays literal. Object keys are not touched.
// An empty `error.message` or `error.code` is replaced by defaultMessageFor / defaultCodeFor.
// A null template renders {"error":{"code":..,"message":..,"request_id":..}}.
// Returns compact JSON text (invalid UTF-8 in values is replaced by U+FFFD).
std::string renderError(const config::Envelope& envelope, const ErrorInfo& error,
                        std::string_view request_id);

// "Not found" / "not_found" and so on for 400 401 403 404 405 408 409 413 415 422 429 500 502
// 503 504; other statuses fall back by class ("Request failed"/"error" for 4xx,
// "Internal server error"/"internal_error" for 5xx and anything else).
std::string_view defaultMessageFor(int status);
std::string_view defaultCodeFor(int status);

}  // namespace atrium::host::http

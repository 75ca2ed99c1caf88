// Response bodies in the product's shape. A template is any JSON value; a string leaf that is
// exactly "{{name}}" or "{{name.member}}" becomes that value (any JSON) and is left out (member
// or array element removed) when there is no such value; "{{name}}" inside a longer string is
// replaced by the value's text. Values are never re-scanned. Pure (unit-tested).
//
//   template {"success": true, "user": "{{user}}", "accessToken": "{{access_token}}"}
//   values   {"user": {...}, "access_token": "eyJ..."}
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace atrium::plugins::accounts {

nlohmann::json renderResponse(const nlohmann::json& response_template,
                              const nlohmann::json& values);

// The first placeholder of `response_template` that is not a known value name (or a member of
// one), for start-up checks; nullopt when all are known.
std::optional<std::string> unknownPlaceholder(const nlohmann::json& response_template,
                                              const nlohmann::json& known_names);

}  // namespace atrium::plugins::accounts

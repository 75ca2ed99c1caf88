// Sessions: an access token signed by the host plus an opaque refresh token kept as SHA-256.
#pragma once

#include <optional>
#include <string>

#include "plugins/accounts/handlers/support.hpp"
#include "plugins/accounts/repo/sql.hpp"

namespace atrium::plugins::accounts {

// Issues a new session for `user` (a new refresh token family unless `family_id` is given) and
// returns the answer values {user, access_token, refresh_token, expires_in}.
nlohmann::json issueSession(const Context& ctx, const Request& req, const State& state,
                            const Sql& sql, const User& user,
                            const std::optional<std::string>& family_id = std::nullopt);

// SHA-256 hex of a token or code as stored.
std::string storedHash(const Context& ctx, const std::string& secret);

}  // namespace atrium::plugins::accounts

// The accounts handlers (README.md lists their ids, bodies and answers). Each is thin: it reads
// the request, calls the domain and repositories, and renders the product's answer.
#pragma once

#include "plugins/accounts/handlers/support.hpp"

namespace atrium::plugins::accounts {

Response registerAccount(Context& ctx, const Request& req, const State& state);
Response login(Context& ctx, const Request& req, const State& state);
Response refreshToken(Context& ctx, const Request& req, const State& state);
Response logout(Context& ctx, const Request& req, const State& state);
Response me(Context& ctx, const Request& req, const State& state);
Response updateProfile(Context& ctx, const Request& req, const State& state);
Response changePassword(Context& ctx, const Request& req, const State& state);
Response verifyEmail(Context& ctx, const Request& req, const State& state);
Response resendVerification(Context& ctx, const Request& req, const State& state);
Response forgotPassword(Context& ctx, const Request& req, const State& state);
Response verifyResetCode(Context& ctx, const Request& req, const State& state);
Response resetPassword(Context& ctx, const Request& req, const State& state);
Response sendLoginCode(Context& ctx, const Request& req, const State& state);
Response verifyLoginCode(Context& ctx, const Request& req, const State& state);
Response banUser(Context& ctx, const Request& req, const State& state);
Response unbanUser(Context& ctx, const Request& req, const State& state);
Response listUsers(Context& ctx, const Request& req, const State& state);

// Start hook: creates the administrator from ATRIUM_ADMIN_EMAIL / ATRIUM_ADMIN_PASSWORD when
// both are set and no account has the admin role. Throws (refusing to start) on a bad value.
void seedAdmin(const Context& ctx, const State& state);

}  // namespace atrium::plugins::accounts

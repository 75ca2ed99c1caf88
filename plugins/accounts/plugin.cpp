// accounts: identity for every product — registration, login, sessions with rotating refresh
// tokens, profile, e-mail verification, password reset, phone login by SMS code, bans, admin
// seeding. Descriptor and registration only; the flows are in handlers/ (README.md).
#include <memory>

#include <atrium/sdk.hpp>

#include "atrium_config_schema.h"
#include "plugins/accounts/handlers/handlers.hpp"

namespace atrium::plugins::accounts {
namespace {

using HandlerFn = Response (*)(Context&, const Request&, const State&);

struct HandlerSpec {
  const char* id;
  HandlerFn fn;
  const char* description;
};

constexpr HandlerSpec kHandlers[] = {
    {"accounts.register", registerAccount, "Creates an account (e-mail and/or phone, password)"},
    {"accounts.login", login, "Password login by e-mail, phone or identifier; issues a session"},
    {"accounts.refresh_token", refreshToken, "Rotates a refresh token; reuse revokes the family"},
    {"accounts.logout", logout, "Revokes the refresh token's session (or all, with a token)"},
    {"accounts.me", me, "The signed-in account"},
    {"accounts.update_profile", updateProfile, "Changes the editable profile fields"},
    {"accounts.change_password", changePassword, "Changes the password; revokes sessions"},
    {"accounts.verify_email", verifyEmail, "Verifies the e-mail with a 6-digit code or a link"},
    {"accounts.resend_verification", resendVerification, "Mails a new verification code"},
    {"accounts.forgot_password", forgotPassword, "Mails a reset code or link (also resend)"},
    {"accounts.verify_reset_code", verifyResetCode, "Checks a reset code without using it"},
    {"accounts.reset_password", resetPassword, "Sets a new password with a reset code or link"},
    {"accounts.send_login_code", sendLoginCode, "Texts a 6-digit login code to an E.164 phone"},
    {"accounts.verify_login_code", verifyLoginCode, "Logs in (or signs up) with the SMS code"},
    {"accounts.ban_user", banUser, "Bans an account with a reason and an optional end"},
    {"accounts.unban_user", unbanUser, "Lifts a ban"},
    {"accounts.list_users", listUsers,
     "Lists accounts, newest first: ?limit=&offset= paging, ?q= search, ?role=, ?banned=true"},
};

void registerPlugin(sdk::Registrar& r) {
  auto state = std::make_shared<State>();
  r.name("accounts")
      .version("1.0.0")
      .description("Identity: accounts, sessions, verification, reset, phone login, bans")
      .configSchema(atrium_config_schema_yaml)
      .sqlOwner("accounts")
      .onStart([state](Context& ctx) {
        try {
          state->settings = parseSettings(ctx.config());
        } catch (const SettingsError& e) {
          throw std::runtime_error(std::string("config: ") + e.what());
        }
        state->dummy_hash = ctx.passwords().hash(ctx.crypto().randomToken(32));
        seedAdmin(ctx, *state);
      });
  for (const HandlerSpec& spec : kHandlers) {
    const HandlerFn fn = spec.fn;
    r.handler(
        spec.id, [fn, state](Context& ctx, const Request& req) { return fn(ctx, req, *state); },
        spec.description);
  }
}

}  // namespace
}  // namespace atrium::plugins::accounts

ATRIUM_EXPORT_PLUGIN(atrium::plugins::accounts::registerPlugin);

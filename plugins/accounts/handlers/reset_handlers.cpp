// accounts.forgot_password (also the "resend" route), accounts.verify_reset_code,
// accounts.reset_password
#include "plugins/accounts/domain/identity.hpp"
#include "plugins/accounts/handlers/codes.hpp"
#include "plugins/accounts/handlers/handlers.hpp"
#include "plugins/accounts/handlers/identify.hpp"
#include "plugins/accounts/repo/code_repo.hpp"
#include "plugins/accounts/repo/token_repo.hpp"
#include "plugins/accounts/repo/user_repo.hpp"

namespace atrium::plugins::accounts {

Response forgotPassword(Context& ctx, const Request& req, const State& state) {
  const Settings& s = state.settings;
  const nlohmann::json body = bodyObject(s, req);
  const sdk::Db db = ctx.db(req);
  const auto user = findByEmailMember(s, Sql(db), req, body);
  const nlohmann::json sent = {{"message", s.text("reset_sent")}};
  if (!user) {
    if (s.reset_reveal_unknown) {
      throw sdk::HttpError(s.reset_unknown_status, "unknown_user", s.text("unknown_user"));
    }
    return answer(s, "forgot_password", sent);  // enumeration-safe: the same answer
  }
  const auto stored = code_repo::find(Sql(db), kPurposeReset, user->id);
  if (stored && cooldownRemaining(*stored, nowSeconds(), s.reset.cooldown_seconds) > 0) {
    // A known account inside the cooldown: no new mail. Enumeration-safe products answer as
    // usual; the others say to wait.
    if (s.reset_reveal_unknown) fail(s, Failure::kCooldown);
    return answer(s, "forgot_password", sent);
  }
  sdk::Transaction tx = db.begin();
  const std::string code = issueCode(ctx, Sql(tx), kPurposeReset, user->id, s.reset);
  mailCode(ctx, req, state, "reset_password", *user->email, s.reset, code,
           {{"name", user->name.value_or(user->first_name.value_or(""))}});
  tx.commit();
  return answer(s, "forgot_password", sent);
}

Response verifyResetCode(Context& ctx, const Request& req, const State& state) {
  const Settings& s = state.settings;
  const nlohmann::json body = bodyObject(s, req);
  const std::string code = sixDigitCode(s, body);
  const sdk::Db db = ctx.db(req);
  const auto user = findByEmailMember(s, Sql(db), req, body);
  if (!user) fail(s, Failure::kInvalidCode);
  checkCode(ctx, req, state, kPurposeReset, user->id, code, s.reset);
  return answer(s, "verify_reset_code", {{"message", s.text("reset_code_valid")}});
}

Response resetPassword(Context& ctx, const Request& req, const State& state) {
  const Settings& s = state.settings;
  const nlohmann::json body = bodyObject(s, req);
  const std::string password = requiredText(s, body, s.field("new_password"), 65536);
  if (!passwordAcceptable(password, s.password_min_length)) fail(s, Failure::kWeakPassword);
  const sdk::Db db = ctx.db(req);
  std::string user_id;
  if (s.reset.mode == CodeMode::kLink) {
    user_id = checkLinkToken(ctx, req, state, kPurposeReset, linkToken(s, req, body));
  } else {
    const std::string code = sixDigitCode(s, body);
    const auto user = findByEmailMember(s, Sql(db), req, body);
    if (!user) fail(s, Failure::kInvalidCode);
    checkCode(ctx, req, state, kPurposeReset, user->id, code, s.reset);
    user_id = user->id;
  }
  const std::string hash = ctx.passwords().hash(password);
  const int64_t now = nowSeconds();
  sdk::Transaction tx = db.begin();
  const Sql sql(tx);
  user_repo::updatePasswordHash(sql, user_id, hash, now);
  code_repo::remove(sql, kPurposeReset, user_id);
  token_repo::revokeUser(sql, user_id, now);
  tx.commit();
  ctx.info("password reset; sessions revoked", req);
  return answer(s, "reset_password", {{"message", s.text("password_reset")}});
}

}  // namespace atrium::plugins::accounts

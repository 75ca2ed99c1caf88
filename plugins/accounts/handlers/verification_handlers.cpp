// accounts.verify_email, accounts.resend_verification
#include "plugins/accounts/handlers/codes.hpp"
#include "plugins/accounts/handlers/handlers.hpp"
#include "plugins/accounts/handlers/identify.hpp"
#include "plugins/accounts/handlers/session.hpp"
#include "plugins/accounts/repo/code_repo.hpp"
#include "plugins/accounts/repo/user_repo.hpp"

namespace atrium::plugins::accounts {
Response verifyEmail(Context& ctx, const Request& req, const State& state) {
  const Settings& s = state.settings;
  if (s.verification.mode == CodeMode::kOff) {
    fail(s, Failure::kInvalidInput, "email verification is not enabled");
  }
  const nlohmann::json body = bodyObject(s, req);
  const sdk::Db db = ctx.db(req);
  std::optional<User> user;
  if (s.verification.mode == CodeMode::kLink) {
    const std::string subject =
        checkLinkToken(ctx, req, state, kPurposeVerifyEmail, linkToken(s, req, body));
    user = user_repo::findById(Sql(db), subject);
    if (!user) fail(s, Failure::kInvalidCode);
  } else {
    const std::string code = sixDigitCode(s, body);
    user = findByEmailMember(s, Sql(db), req, body);
    if (!user) fail(s, Failure::kInvalidCode);
    if (user->email_verified) fail(s, Failure::kAlreadyVerified);
    checkCode(ctx, req, state, kPurposeVerifyEmail, user->id, code, s.verification);
  }
  if (user->email_verified) fail(s, Failure::kAlreadyVerified);
  refuseBanned(s, *user, nowSeconds());

  sdk::Transaction tx = db.begin();
  const Sql sql(tx);
  user_repo::markEmailVerified(sql, user->id, nowSeconds());
  code_repo::remove(sql, kPurposeVerifyEmail, user->id);
  user->email_verified = true;
  nlohmann::json values = {{"user", publicUser(s, *user)}, {"message", s.text("email_verified")}};
  if (s.verification_issue_tokens) values.update(issueSession(ctx, req, state, sql, *user));
  tx.commit();
  return answer(s, "verify_email", std::move(values));
}

Response resendVerification(Context& ctx, const Request& req, const State& state) {
  const Settings& s = state.settings;
  if (s.verification.mode == CodeMode::kOff) {
    fail(s, Failure::kInvalidInput, "email verification is not enabled");
  }
  const nlohmann::json body = bodyObject(s, req);
  const sdk::Db db = ctx.db(req);
  const auto user = findByEmailMember(s, Sql(db), req, body);
  const nlohmann::json sent = {{"message", s.text("verification_sent")}};
  if (!user) {
    if (s.reset_reveal_unknown) fail(s, Failure::kUnknownUser);
    return answer(s, "resend_verification", sent);
  }
  if (user->email_verified) fail(s, Failure::kAlreadyVerified);
  enforceCooldown(s, Sql(db), kPurposeVerifyEmail, user->id, s.verification);
  sdk::Transaction tx = db.begin();
  const std::string code = issueCode(ctx, Sql(tx), kPurposeVerifyEmail, user->id, s.verification);
  mailCode(ctx, req, state, "verify_email", *user->email, s.verification, code,
           {{"name", user->name.value_or(user->first_name.value_or(""))}});
  tx.commit();
  return answer(s, "resend_verification", sent);
}

}  // namespace atrium::plugins::accounts

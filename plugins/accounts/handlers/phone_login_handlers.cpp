// accounts.send_login_code, accounts.verify_login_code
#include "plugins/accounts/handlers/codes.hpp"
#include "plugins/accounts/handlers/handlers.hpp"
#include "plugins/accounts/handlers/identify.hpp"
#include "plugins/accounts/handlers/session.hpp"
#include "plugins/accounts/repo/code_repo.hpp"
#include "plugins/accounts/repo/user_repo.hpp"

namespace atrium::plugins::accounts {
namespace {

std::string phoneOf(const Settings& s, const nlohmann::json& body) {
  auto phone = phoneMember(s, body, s.phone_field);
  if (!phone) fail(s, Failure::kInvalidInput, s.phone_field + " is required");
  return *phone;
}

}  // namespace

Response sendLoginCode(Context& ctx, const Request& req, const State& state) {
  const Settings& s = state.settings;
  const nlohmann::json body = bodyObject(s, req);
  const std::string phone = phoneOf(s, body);
  const sdk::Db db = ctx.db(req);
  enforceCooldown(s, Sql(db), kPurposePhoneLogin, phone, s.phone_login);
  sdk::Transaction tx = db.begin();
  const std::string code = issueCode(ctx, Sql(tx), kPurposePhoneLogin, phone, s.phone_login);
  smsCode(ctx, req, state, "login_code", phone, s.phone_login, code);
  tx.commit();
  return answer(s, "send_login_code", {{"message", s.text("login_code_sent")}});
}

Response verifyLoginCode(Context& ctx, const Request& req, const State& state) {
  const Settings& s = state.settings;
  const nlohmann::json body = bodyObject(s, req);
  const std::string phone = phoneOf(s, body);
  const std::string code = sixDigitCode(s, body);
  checkCode(ctx, req, state, kPurposePhoneLogin, phone, code, s.phone_login);

  const std::string role = requestedRole(s, req, body);
  const sdk::Db db = ctx.db(req);
  std::optional<User> user = user_repo::findByPhone(Sql(db), scopeOf(s, role), phone);
  const int64_t now = nowSeconds();
  const bool is_new = !user;
  if (is_new && !s.phone_create_accounts) fail(s, Failure::kInvalidCode);
  if (user) refuseBanned(s, *user, now);

  sdk::Transaction tx = db.begin();
  const Sql sql(tx);
  if (is_new) {
    user = User{};
    user->id = newId(ctx);
    user->role = role;
    user->scope = scopeOf(s, role);
    user->phone = phone;
    user->phone_verified = true;
    user->created_at = now;
    user->updated_at = now;
    user_repo::insert(sql, *user);
  } else if (!user->phone_verified) {
    user_repo::markPhoneVerified(sql, user->id, now);
    user->phone_verified = true;
  }
  code_repo::remove(sql, kPurposePhoneLogin, phone);
  user_repo::markLogin(sql, user->id, now);
  nlohmann::json values = issueSession(ctx, req, state, sql, *user);
  tx.commit();
  values["is_new_user"] = is_new;
  values["message"] = s.text("logged_in");
  return answer(s, "verify_login_code", std::move(values));
}

}  // namespace atrium::plugins::accounts

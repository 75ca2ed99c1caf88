// accounts.login
#include "plugins/accounts/handlers/handlers.hpp"
#include "plugins/accounts/handlers/identify.hpp"
#include "plugins/accounts/handlers/session.hpp"
#include "plugins/accounts/repo/user_repo.hpp"

namespace atrium::plugins::accounts {

Response login(Context& ctx, const Request& req, const State& state) {
  const Settings& s = state.settings;
  const nlohmann::json body = bodyObject(s, req);
  const std::string password = requiredText(s, body, s.field("password"), 65536);
  const std::string scope = scopeOf(s, requestedRole(s, req, body));
  const sdk::Db db = ctx.db(req);
  const std::optional<User> user = findLoginAccount(s, Sql(db), body, scope);

  // An unknown account (or one without a password) costs one verification too.
  const bool has_hash = user && user->password_hash;
  const sdk::PasswordCheck check =
      ctx.passwords().verify(password, has_hash ? *user->password_hash : state.dummy_hash);
  if (!has_hash || !check.match) {
    ctx.info("login refused: invalid credentials", req);
    fail(s, Failure::kInvalidCredentials);
  }
  const int64_t now = nowSeconds();
  if (banState(*user, now) == BanState::kExpired) user_repo::clearBan(Sql(db), user->id, now);
  refuseBanned(s, *user, now);
  if (s.require_verified_email && user->email && !user->email_verified) {
    fail(s, Failure::kEmailNotVerified);
  }
  const std::optional<std::string> rehash =
      check.needs_rehash ? std::optional<std::string>(ctx.passwords().hash(password))
                         : std::nullopt;

  sdk::Transaction tx = db.begin();
  const Sql sql(tx);
  if (rehash) user_repo::updatePasswordHash(sql, user->id, *rehash, now);
  user_repo::markLogin(sql, user->id, now);
  nlohmann::json values = issueSession(ctx, req, state, sql, *user);
  tx.commit();
  values["message"] = s.text("logged_in");
  return answer(s, "login", std::move(values));
}

}  // namespace atrium::plugins::accounts

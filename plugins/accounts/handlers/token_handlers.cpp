// accounts.refresh_token, accounts.logout
#include "plugins/accounts/handlers/handlers.hpp"
#include "plugins/accounts/handlers/session.hpp"
#include "plugins/accounts/repo/token_repo.hpp"
#include "plugins/accounts/repo/user_repo.hpp"

namespace atrium::plugins::accounts {

Response refreshToken(Context& ctx, const Request& req, const State& state) {
  const Settings& s = state.settings;
  const nlohmann::json body = bodyObject(s, req);
  const std::string presented = requiredText(s, body, s.field("refresh_token"));
  const sdk::Db db = ctx.db(req);
  const Sql sql(db);
  const std::string hash = storedHash(ctx, presented);
  const auto stored = token_repo::find(sql, hash);
  if (!stored) fail(s, Failure::kInvalidRefresh);
  const int64_t now = nowSeconds();
  switch (checkRefreshToken(*stored, now)) {
    case RefreshCheck::kValid: break;
    case RefreshCheck::kReused:
      token_repo::revokeFamily(sql, stored->family_id, now);
      ctx.warn("refresh token reused after rotation: its session family was revoked", req);
      fail(s, Failure::kInvalidRefresh);
    case RefreshCheck::kRevoked:
    case RefreshCheck::kExpired: fail(s, Failure::kInvalidRefresh);
  }
  const auto user = user_repo::findById(sql, stored->user_id);
  if (!user) fail(s, Failure::kInvalidRefresh);
  if (banState(*user, now) == BanState::kActive) token_repo::revokeUser(sql, user->id, now);
  refuseBanned(s, *user, now);

  sdk::Transaction tx = db.begin();
  const Sql in_tx(tx);
  if (token_repo::markRotated(in_tx, hash, now) != 1) {
    tx.rollback();  // rotated by a concurrent request with the same token: treat as reuse
    token_repo::revokeFamily(sql, stored->family_id, now);
    ctx.warn("refresh token used twice concurrently: its session family was revoked", req);
    fail(s, Failure::kInvalidRefresh);
  }
  nlohmann::json values = issueSession(ctx, req, state, in_tx, *user, stored->family_id);
  tx.commit();
  return answer(s, "refresh", std::move(values));
}

Response logout(Context& ctx, const Request& req, const State& state) {
  const Settings& s = state.settings;
  const nlohmann::json body = bodyObject(s, req);
  const auto presented = optionalText(s, body, s.field("refresh_token"));
  const sdk::Db db = ctx.db(req);
  const Sql sql(db);
  const int64_t now = nowSeconds();
  const nlohmann::json principal = req.principal();
  if (presented) {
    // Revokes that session; an unknown token is not an error (logging out twice is fine).
    if (const auto stored = token_repo::find(sql, storedHash(ctx, *presented))) {
      token_repo::revokeFamily(sql, stored->family_id, now);
    }
  } else if (principal.is_object() && !principal.value("sub", std::string()).empty()) {
    token_repo::revokeUser(sql, principal["sub"].get<std::string>(), now);
  } else {
    fail(s, Failure::kInvalidInput, s.field("refresh_token") + " is required");
  }
  return answer(s, "logout", {{"message", s.text("logged_out")}});
}

}  // namespace atrium::plugins::accounts

#include "plugins/accounts/handlers/session.hpp"

#include "plugins/accounts/repo/token_repo.hpp"

namespace atrium::plugins::accounts {
namespace {

nlohmann::json claimsFor(const Settings& settings, const User& user) {
  nlohmann::json claims = {{"sub", user.id}, {"role", user.role}};
  for (const auto& [claim, field] : settings.token_claims) {
    const nlohmann::json value = userView(user, {{"v", field}}, nowSeconds())["v"];
    if (!value.is_null()) claims[claim] = value;
  }
  return claims;
}

}  // namespace

std::string storedHash(const Context& ctx, const std::string& secret) {
  return ctx.crypto().sha256Hex(secret);
}

nlohmann::json issueSession(const Context& ctx, const Request& req, const State& state,
                            const Sql& sql, const User& user,
                            const std::optional<std::string>& family_id) {
  const int64_t now = nowSeconds();
  const std::string refresh = ctx.crypto().randomToken(32);
  token_repo::insert(sql, storedHash(ctx, refresh), user.id, family_id.value_or(newId(ctx)), now,
                     now + state.settings.refresh_ttl_seconds);
  const sdk::AccessToken access = ctx.tokens(req).issue(claimsFor(state.settings, user));
  return {{"user", publicUser(state.settings, user)},
          {"access_token", access.token},
          {"refresh_token", refresh},
          {"expires_in", access.expires_at - now}};
}

}  // namespace atrium::plugins::accounts

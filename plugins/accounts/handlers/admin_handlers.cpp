// accounts.ban_user, accounts.unban_user, accounts.list_users (routes with roles: [<admin>])
#include <cmath>

#include "plugins/accounts/handlers/handlers.hpp"
#include "plugins/accounts/repo/token_repo.hpp"
#include "plugins/accounts/repo/user_repo.hpp"

namespace atrium::plugins::accounts {
namespace {

constexpr size_t kMaxReasonLength = 500;
constexpr double kMaxBanDays = 36500;

User target(const Context& ctx, const Request& req, const Settings& s, const nlohmann::json& body) {
  const std::string id = requiredText(s, body, s.field("user_id"), 64);
  const sdk::Db db = ctx.db(req);
  auto user = user_repo::findById(Sql(db), id);
  if (!user) fail(s, Failure::kUnknownUser);
  return *user;
}

std::optional<int64_t> banEnd(const Settings& s, const nlohmann::json& body, int64_t now) {
  const auto it = body.find(s.field("ban_days"));
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_number() || !(it->get<double>() > 0) || it->get<double>() > kMaxBanDays) {
    fail(s, Failure::kInvalidInput, s.field("ban_days") + " must be a number of days above 0");
  }
  return now + static_cast<int64_t>(std::llround(it->get<double>() * 86400));
}

}  // namespace

Response banUser(Context& ctx, const Request& req, const State& state) {
  const Settings& s = state.settings;
  const nlohmann::json body = bodyObject(s, req);
  User user = target(ctx, req, s, body);
  const int64_t now = nowSeconds();
  if (user.role == s.admin_role) fail(s, Failure::kCannotBanAdmin);
  if (banState(user, now) == BanState::kActive) fail(s, Failure::kAlreadyBanned);
  const auto until = banEnd(s, body, now);
  const auto reason = optionalText(s, body, s.field("reason"), kMaxReasonLength)
                          .value_or(s.text("default_ban_reason"));
  sdk::Transaction tx = ctx.db(req).begin();
  user_repo::setBan(Sql(tx), user.id, now, until, reason);
  token_repo::revokeUser(Sql(tx), user.id, now);
  tx.commit();
  ctx.info("account banned: " + user.id, req);
  user.banned_at = now;
  user.banned_until = until;
  user.ban_reason = reason;
  return answer(s, "ban_user", {{"user", publicUser(s, user)}, {"message", s.text("user_banned")}});
}

Response unbanUser(Context& ctx, const Request& req, const State& state) {
  const Settings& s = state.settings;
  const nlohmann::json body = bodyObject(s, req);
  User user = target(ctx, req, s, body);
  if (!user.banned_at) fail(s, Failure::kNotBanned);
  const sdk::Db db = ctx.db(req);
  user_repo::clearBan(Sql(db), user.id, nowSeconds());
  ctx.info("account unbanned: " + user.id, req);
  user.banned_at.reset();
  user.banned_until.reset();
  user.ban_reason.reset();
  return answer(s, "unban_user",
                {{"user", publicUser(s, user)}, {"message", s.text("user_unbanned")}});
}

Response listUsers(Context& ctx, const Request& req, const State& state) {
  const Settings& s = state.settings;
  const auto param = [&req](const char* name) -> std::optional<std::string> {
    const auto value = req.query(name);
    return value ? std::optional<std::string>(std::string(*value)) : std::nullopt;
  };
  UserListQuery query;
  try {
    query = parseUserListQuery(
        {param("limit"), param("offset"), param("q"), param("role"), param("banned")},
        s.list_limits);
  } catch (const UserListQueryError& e) {
    fail(s, Failure::kInvalidInput, e.what());
  }
  const sdk::Db db = ctx.db(req);
  // One row more than the page tells whether another page follows.
  std::vector<User> page = user_repo::list(Sql(db), query, query.limit + 1);
  const bool more = static_cast<int64_t>(page.size()) > query.limit;
  if (more) page.pop_back();
  nlohmann::json users = nlohmann::json::array();
  const int64_t now = nowSeconds();
  for (const User& user : page) users.push_back(userView(user, s.list_user_view, now));
  nlohmann::json values = {
      {"users", std::move(users)}, {"limit", query.limit}, {"offset", query.offset}};
  if (more) values["next_offset"] = query.offset + query.limit;
  return answer(s, "list_users", values);
}

}  // namespace atrium::plugins::accounts

// accounts.me, accounts.update_profile, accounts.change_password
#include "plugins/accounts/domain/identity.hpp"
#include "plugins/accounts/handlers/handlers.hpp"
#include "plugins/accounts/handlers/identify.hpp"
#include "plugins/accounts/repo/token_repo.hpp"
#include "plugins/accounts/repo/user_repo.hpp"

namespace atrium::plugins::accounts {
namespace {

bool editable(const Settings& s, const char* field) { return s.profile_editable.count(field) > 0; }

void applyNames(const Settings& s, const nlohmann::json& body, User& user) {
  const std::pair<const char*, std::optional<std::string>*> names[] = {
      {"name", &user.name}, {"first_name", &user.first_name}, {"last_name", &user.last_name}};
  for (const auto& [field, target] : names) {
    if (editable(s, field) && body.contains(s.field(field))) {
      *target = optionalText(s, body, s.field(field));
    }
  }
}

void applyContacts(const Settings& s, const Sql& sql, const nlohmann::json& body, User& user) {
  if (editable(s, "email") && body.contains(s.field("email"))) {
    auto email = emailMember(s, body, s.field("email"));
    if (email && email != user.email) {
      if (user_repo::findByEmail(sql, user.scope, *email)) fail(s, Failure::kEmailTaken);
      user.email = email;
      user.email_verified = false;
    }
  }
  if (editable(s, "phone") && body.contains(s.field("phone"))) {
    auto phone = phoneMember(s, body, s.field("phone"));
    if (phone != user.phone) {
      if (phone && user_repo::findByPhone(sql, user.scope, *phone)) fail(s, Failure::kPhoneTaken);
      user.phone = phone;
      user.phone_verified = false;
    }
  }
}

void applyExtras(const Settings& s, const nlohmann::json& body, User& user) {
  for (const std::string& key : s.profile_extra) {
    const auto it = body.find(key);
    if (it == body.end()) continue;
    if (it->is_null()) {
      user.profile.erase(key);
    } else if (it->is_string() || it->is_number() || it->is_boolean()) {
      if (it->is_string() &&
          it->get_ref<const std::string&>().size() > s.profile_max_extra_length) {
        fail(s, Failure::kInvalidInput,
             key + " must be at most " + std::to_string(s.profile_max_extra_length) + " bytes");
      }
      user.profile[key] = *it;
    } else {
      fail(s, Failure::kInvalidInput, key + " must be a string, a number or a boolean");
    }
  }
}

}  // namespace

Response me(Context& ctx, const Request& req, const State& state) {
  const User user = currentUser(ctx, req, state);
  return answer(state.settings, "me", {{"user", publicUser(state.settings, user)}});
}

Response updateProfile(Context& ctx, const Request& req, const State& state) {
  const Settings& s = state.settings;
  const nlohmann::json body = bodyObject(s, req);
  User user = currentUser(ctx, req, state);
  const sdk::Db db = ctx.db(req);
  applyNames(s, body, user);
  applyContacts(s, Sql(db), body, user);
  applyExtras(s, body, user);
  try {
    user_repo::updateProfile(Sql(db), user, nowSeconds());
  } catch (const sdk::DbError& e) {
    if (e.kind() != sdk::DbErrorKind::kUniqueViolation) throw;
    fail(s, Failure::kEmailTaken);
  }
  return answer(s, "update_profile",
                {{"user", publicUser(s, user)}, {"message", s.text("profile_updated")}});
}

Response changePassword(Context& ctx, const Request& req, const State& state) {
  const Settings& s = state.settings;
  const nlohmann::json body = bodyObject(s, req);
  const std::string current = requiredText(s, body, s.field("current_password"), 65536);
  const std::string next = requiredText(s, body, s.field("new_password"), 65536);
  const User user = currentUser(ctx, req, state);
  if (!passwordAcceptable(next, s.password_min_length)) fail(s, Failure::kWeakPassword);
  if (!user.password_hash || !ctx.passwords().verify(current, *user.password_hash).match) {
    fail(s, Failure::kWrongPassword);
  }
  const std::string hash = ctx.passwords().hash(next);
  const int64_t now = nowSeconds();
  sdk::Transaction tx = ctx.db(req).begin();
  user_repo::updatePasswordHash(Sql(tx), user.id, hash, now);
  token_repo::revokeUser(Sql(tx), user.id, now);  // every other session must log in again
  tx.commit();
  ctx.info("password changed; sessions revoked", req);
  return answer(s, "change_password", {{"message", s.text("password_changed")}});
}

}  // namespace atrium::plugins::accounts

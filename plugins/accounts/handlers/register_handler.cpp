// accounts.register
#include "plugins/accounts/domain/identity.hpp"
#include "plugins/accounts/handlers/codes.hpp"
#include "plugins/accounts/handlers/handlers.hpp"
#include "plugins/accounts/handlers/identify.hpp"
#include "plugins/accounts/handlers/session.hpp"
#include "plugins/accounts/repo/user_repo.hpp"

namespace atrium::plugins::accounts {
namespace {

bool termsAccepted(const nlohmann::json& body, const std::string& member) {
  const auto it = body.find(member);
  if (it == body.end()) return false;
  if (it->is_boolean()) return it->get<bool>();
  return it->is_string() && (*it == "true" || *it == "on" || *it == "yes");
}

// The new account's fields from the body (before the password is hashed).
User newUser(const Settings& s, const Request& req, const nlohmann::json& body) {
  User user;
  user.role = requestedRole(s, req, body);
  user.scope = scopeOf(s, user.role);
  user.email = emailMember(s, body, s.field("email"));
  user.phone = phoneMember(s, body, s.field("phone"));
  user.name = optionalText(s, body, s.field("name"));
  user.first_name = optionalText(s, body, s.field("first_name"));
  user.last_name = optionalText(s, body, s.field("last_name"));
  const std::map<std::string, bool> present = {{"email", user.email.has_value()},
                                               {"phone", user.phone.has_value()},
                                               {"name", user.name.has_value()},
                                               {"first_name", user.first_name.has_value()},
                                               {"last_name", user.last_name.has_value()}};
  for (const std::string& required : s.register_required) {
    if (!present.at(required)) fail(s, Failure::kInvalidInput, s.field(required) + " is required");
  }
  if (!user.email && !user.phone) {
    fail(s, Failure::kInvalidInput, s.field("email") + " or " + s.field("phone") + " is required");
  }
  const int64_t now = nowSeconds();
  if (s.register_terms) {
    if (!termsAccepted(body, s.field("terms"))) fail(s, Failure::kTermsRequired);
    user.terms_accepted_at = now;
  }
  user.created_at = now;
  user.updated_at = now;
  return user;
}

void refuseTaken(const Settings& s, const Sql& sql, const User& user) {
  if (user.email && user_repo::findByEmail(sql, user.scope, *user.email)) {
    fail(s, Failure::kEmailTaken);
  }
  if (user.phone && user_repo::findByPhone(sql, user.scope, *user.phone)) {
    fail(s, Failure::kPhoneTaken);
  }
}

}  // namespace

Response registerAccount(Context& ctx, const Request& req, const State& state) {
  const Settings& s = state.settings;
  const nlohmann::json body = bodyObject(s, req);
  const std::string password = requiredText(s, body, s.field("password"), 65536);
  User user = newUser(s, req, body);
  if (!passwordAcceptable(password, s.password_min_length)) fail(s, Failure::kWeakPassword);
  const sdk::Db db = ctx.db(req);
  refuseTaken(s, Sql(db), user);
  user.id = newId(ctx);
  user.password_hash = ctx.passwords().hash(password);

  sdk::Transaction tx = db.begin();
  const Sql sql(tx);
  try {
    user_repo::insert(sql, user);
  } catch (const sdk::DbError& e) {
    if (e.kind() != sdk::DbErrorKind::kUniqueViolation) throw;
    fail(s, Failure::kEmailTaken);  // a concurrent registration won the race
  }
  nlohmann::json values = {{"user", publicUser(s, user)}, {"message", s.text("registered")}};
  if (s.verification.mode != CodeMode::kOff && user.email) {
    const std::string code = issueCode(ctx, sql, kPurposeVerifyEmail, user.id, s.verification);
    mailCode(ctx, req, state, "verify_email", *user.email, s.verification, code,
             {{"name", user.name.value_or(user.first_name.value_or(""))}});
  }
  if (s.register_issue_tokens) values.update(issueSession(ctx, req, state, sql, user));
  tx.commit();
  ctx.info("account registered", req);
  return answer(s, "register", std::move(values));
}

}  // namespace atrium::plugins::accounts

// Seeding the first administrator from the environment at start.
#include <cstdlib>
#include <stdexcept>

#include "plugins/accounts/domain/identity.hpp"
#include "plugins/accounts/handlers/handlers.hpp"
#include "plugins/accounts/repo/user_repo.hpp"

namespace atrium::plugins::accounts {
namespace {

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

}  // namespace

void seedAdmin(const Context& ctx, const State& state) {
  const Settings& s = state.settings;
  const std::string email_text = env("ATRIUM_ADMIN_EMAIL");
  const std::string password = env("ATRIUM_ADMIN_PASSWORD");
  if (email_text.empty() && password.empty()) return;
  if (email_text.empty() || password.empty()) {
    throw std::runtime_error(
        "set both ATRIUM_ADMIN_EMAIL and ATRIUM_ADMIN_PASSWORD to seed the administrator (or "
        "neither)");
  }
  const auto email = normalizeEmail(email_text);
  if (!email) throw std::runtime_error("ATRIUM_ADMIN_EMAIL is not a valid e-mail address");
  if (!passwordAcceptable(password, s.password_min_length)) {
    throw std::runtime_error("ATRIUM_ADMIN_PASSWORD is shorter than passwords.min_length (" +
                             std::to_string(s.password_min_length) + ")");
  }
  const sdk::Db db = ctx.db();
  if (user_repo::roleExists(Sql(db), s.admin_role)) {
    ctx.info("an administrator exists; ATRIUM_ADMIN_EMAIL is not used");
    return;
  }
  User admin;
  admin.id = newId(ctx);
  admin.role = s.admin_role;
  admin.scope = scopeOf(s, admin.role);
  if (user_repo::findByEmail(Sql(db), admin.scope, *email)) {
    throw std::runtime_error(
        "ATRIUM_ADMIN_EMAIL belongs to an existing account that is not an administrator: choose "
        "another address");
  }
  admin.email = email;
  admin.email_verified = true;
  admin.name = "Administrator";
  admin.password_hash = ctx.passwords().hash(password);
  admin.created_at = admin.updated_at = nowSeconds();
  user_repo::insert(Sql(db), admin);
  ctx.info("seeded the administrator account from ATRIUM_ADMIN_EMAIL (role " + s.admin_role + ")");
}

}  // namespace atrium::plugins::accounts

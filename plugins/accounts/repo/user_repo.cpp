#include "plugins/accounts/repo/user_repo.hpp"

namespace atrium::plugins::accounts::user_repo {
namespace {

constexpr const char* kColumns =
    "SELECT id, scope, email, phone, role, password_hash, name, first_name, last_name, profile, "
    "email_verified, phone_verified, terms_accepted_at, banned_at, banned_until, ban_reason, "
    "last_login_at, created_at, updated_at FROM accounts_users ";

User fromRow(const sdk::Row& row) {
  User u;
  u.id = row.getText("id");
  u.scope = row.getText("scope");
  u.email = row.getOptional<std::string>("email");
  u.phone = row.getOptional<std::string>("phone");
  u.role = row.getText("role");
  u.password_hash = row.getOptional<std::string>("password_hash");
  u.name = row.getOptional<std::string>("name");
  u.first_name = row.getOptional<std::string>("first_name");
  u.last_name = row.getOptional<std::string>("last_name");
  u.profile = nlohmann::json::parse(row.getText("profile"), nullptr, false);
  if (!u.profile.is_object()) u.profile = nlohmann::json::object();
  u.email_verified = row.getInt("email_verified") != 0;
  u.phone_verified = row.getInt("phone_verified") != 0;
  u.terms_accepted_at = row.getOptional<int64_t>("terms_accepted_at");
  u.banned_at = row.getOptional<int64_t>("banned_at");
  u.banned_until = row.getOptional<int64_t>("banned_until");
  u.ban_reason = row.getOptional<std::string>("ban_reason");
  u.last_login_at = row.getOptional<int64_t>("last_login_at");
  u.created_at = row.getInt("created_at");
  u.updated_at = row.getInt("updated_at");
  return u;
}

std::optional<User> first(const sdk::Result& rows) {
  if (rows.empty()) return std::nullopt;
  return fromRow(rows[0]);
}

}  // namespace

std::optional<User> findById(const Sql& sql, const std::string& id) {
  return first(
      sql.query("accounts.user_by_id", std::string(kColumns) + "WHERE id = :id", {{"id", id}}));
}

std::optional<User> findByEmail(const Sql& sql, const std::string& scope,
                                const std::string& email) {
  return first(sql.query("accounts.user_by_email",
                         std::string(kColumns) + "WHERE scope = :scope AND email = :email",
                         {{"scope", scope}, {"email", email}}));
}

std::optional<User> findByPhone(const Sql& sql, const std::string& scope,
                                const std::string& phone) {
  return first(sql.query("accounts.user_by_phone",
                         std::string(kColumns) + "WHERE scope = :scope AND phone = :phone",
                         {{"scope", scope}, {"phone", phone}}));
}

void insert(const Sql& sql, const User& u) {
  sql.query("accounts.user_insert",
            "INSERT INTO accounts_users (id, scope, email, phone, role, password_hash, name, "
            "first_name, last_name, profile, email_verified, phone_verified, terms_accepted_at, "
            "created_at, updated_at) VALUES (:id, :scope, :email, :phone, :role, :hash, :name, "
            ":first_name, :last_name, :profile, :email_verified, :phone_verified, :terms, "
            ":created_at, :updated_at)",
            {{"id", u.id},
             {"scope", u.scope},
             {"email", u.email},
             {"phone", u.phone},
             {"role", u.role},
             {"hash", u.password_hash},
             {"name", u.name},
             {"first_name", u.first_name},
             {"last_name", u.last_name},
             {"profile", u.profile.dump()},
             {"email_verified", int64_t{u.email_verified ? 1 : 0}},
             {"phone_verified", int64_t{u.phone_verified ? 1 : 0}},
             {"terms", u.terms_accepted_at},
             {"created_at", u.created_at},
             {"updated_at", u.updated_at}});
}

void updatePasswordHash(const Sql& sql, const std::string& id, const std::string& hash,
                        int64_t now) {
  sql.query("accounts.user_password",
            "UPDATE accounts_users SET password_hash = :hash, updated_at = :now WHERE id = :id",
            {{"hash", hash}, {"now", now}, {"id", id}});
}

void markLogin(const Sql& sql, const std::string& id, int64_t now) {
  sql.query("accounts.user_login", "UPDATE accounts_users SET last_login_at = :now WHERE id = :id",
            {{"now", now}, {"id", id}});
}

void markEmailVerified(const Sql& sql, const std::string& id, int64_t now) {
  sql.query("accounts.user_email_verified",
            "UPDATE accounts_users SET email_verified = 1, updated_at = :now WHERE id = :id",
            {{"now", now}, {"id", id}});
}

void markPhoneVerified(const Sql& sql, const std::string& id, int64_t now) {
  sql.query("accounts.user_phone_verified",
            "UPDATE accounts_users SET phone_verified = 1, updated_at = :now WHERE id = :id",
            {{"now", now}, {"id", id}});
}

void updateProfile(const Sql& sql, const User& u, int64_t now) {
  sql.query("accounts.user_profile",
            "UPDATE accounts_users SET name = :name, first_name = :first_name, "
            "last_name = :last_name, email = :email, phone = :phone, "
            "email_verified = :email_verified, phone_verified = :phone_verified, "
            "profile = :profile, updated_at = :now WHERE id = :id",
            {{"name", u.name},
             {"first_name", u.first_name},
             {"last_name", u.last_name},
             {"email", u.email},
             {"phone", u.phone},
             {"email_verified", int64_t{u.email_verified ? 1 : 0}},
             {"phone_verified", int64_t{u.phone_verified ? 1 : 0}},
             {"profile", u.profile.dump()},
             {"now", now},
             {"id", u.id}});
}

void setBan(const Sql& sql, const std::string& id, int64_t now, std::optional<int64_t> until,
            const std::optional<std::string>& reason) {
  sql.query("accounts.user_ban",
            "UPDATE accounts_users SET banned_at = :now, banned_until = :until, "
            "ban_reason = :reason, updated_at = :now WHERE id = :id",
            {{"now", now}, {"until", until}, {"reason", reason}, {"id", id}});
}

void clearBan(const Sql& sql, const std::string& id, int64_t now) {
  sql.query("accounts.user_unban",
            "UPDATE accounts_users SET banned_at = NULL, banned_until = NULL, ban_reason = NULL, "
            "updated_at = :now WHERE id = :id",
            {{"now", now}, {"id", id}});
}

bool roleExists(const Sql& sql, const std::string& role) {
  return !sql.query("accounts.role_exists",
                    "SELECT id FROM accounts_users WHERE role = :role LIMIT 1", {{"role", role}})
              .empty();
}

std::vector<User> list(const Sql& sql, const UserListQuery& query, int64_t limit) {
  std::string where;
  sdk::DbParams params{{"limit", limit}, {"offset", query.offset}};
  const auto add = [&where](const std::string& condition) {
    where += (where.empty() ? "WHERE " : "AND ") + condition + " ";
  };
  if (query.banned_only) add("banned_at IS NOT NULL");
  if (query.role) {
    add("role = :role");
    params.push_back({"role", *query.role});
  }
  if (query.search) {
    // LOWER() on both sides: case-insensitive on both backends (ASCII on SQLite, Unicode on
    // PostgreSQL). The pattern's own \, % and _ are escaped by containsPattern.
    add("(LOWER(email) LIKE LOWER(:q) ESCAPE '\\' OR phone LIKE :q ESCAPE '\\' OR "
        "LOWER(name) LIKE LOWER(:q) ESCAPE '\\' OR LOWER(first_name) LIKE LOWER(:q) ESCAPE "
        "'\\' OR LOWER(last_name) LIKE LOWER(:q) ESCAPE '\\')");
    params.push_back({"q", *query.search});
  }
  const sdk::Result rows = sql.query(
      "accounts.user_list",
      std::string(kColumns) + where + "ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset",
      params);
  std::vector<User> users;
  for (const sdk::Row row : rows) users.push_back(fromRow(row));
  return users;
}

}  // namespace atrium::plugins::accounts::user_repo

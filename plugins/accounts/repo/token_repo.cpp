#include "plugins/accounts/repo/token_repo.hpp"

namespace atrium::plugins::accounts::token_repo {

void insert(const Sql& sql, const std::string& token_hash, const std::string& user_id,
            const std::string& family_id, int64_t now, int64_t expires_at) {
  sql.query("accounts.token_insert",
            "INSERT INTO accounts_refresh_tokens (token_hash, user_id, family_id, created_at, "
            "expires_at) VALUES (:hash, :user_id, :family_id, :now, :expires_at)",
            {{"hash", token_hash},
             {"user_id", user_id},
             {"family_id", family_id},
             {"now", now},
             {"expires_at", expires_at}});
}

std::optional<StoredRefreshToken> find(const Sql& sql, const std::string& token_hash) {
  const sdk::Result rows = sql.query(
      "accounts.token_find",
      "SELECT user_id, family_id, expires_at, rotated_at, revoked_at FROM accounts_refresh_tokens "
      "WHERE token_hash = :hash",
      {{"hash", token_hash}});
  if (rows.empty()) return std::nullopt;
  const sdk::Row row = rows[0];
  StoredRefreshToken token;
  token.user_id = row.getText("user_id");
  token.family_id = row.getText("family_id");
  token.expires_at = row.getInt("expires_at");
  token.rotated_at = row.getOptional<int64_t>("rotated_at");
  token.revoked_at = row.getOptional<int64_t>("revoked_at");
  return token;
}

int64_t markRotated(const Sql& sql, const std::string& token_hash, int64_t now) {
  return sql
      .query("accounts.token_rotate",
             "UPDATE accounts_refresh_tokens SET rotated_at = :now WHERE token_hash = :hash "
             "AND rotated_at IS NULL AND revoked_at IS NULL",
             {{"now", now}, {"hash", token_hash}})
      .affectedRows();
}

void revokeFamily(const Sql& sql, const std::string& family_id, int64_t now) {
  sql.query("accounts.token_revoke_family",
            "UPDATE accounts_refresh_tokens SET revoked_at = :now WHERE family_id = :family_id "
            "AND revoked_at IS NULL",
            {{"now", now}, {"family_id", family_id}});
}

void revokeUser(const Sql& sql, const std::string& user_id, int64_t now) {
  sql.query("accounts.token_revoke_user",
            "UPDATE accounts_refresh_tokens SET revoked_at = :now WHERE user_id = :user_id "
            "AND revoked_at IS NULL",
            {{"now", now}, {"user_id", user_id}});
}

}  // namespace atrium::plugins::accounts::token_repo

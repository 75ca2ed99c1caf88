#include "plugins/accounts/repo/code_repo.hpp"

namespace atrium::plugins::accounts::code_repo {
namespace {

StoredCode fromRow(const sdk::Row& row) {
  StoredCode code;
  code.code_hash = row.getText("code_hash");
  code.attempts = row.getInt("attempts");
  code.created_at = row.getInt("created_at");
  code.expires_at = row.getInt("expires_at");
  return code;
}

}  // namespace

void put(const Sql& sql, const std::string& purpose, const std::string& subject,
         const std::string& code_hash, int64_t now, int64_t expires_at) {
  sql.query("accounts.code_put",
            "INSERT INTO accounts_codes (purpose, subject, code_hash, attempts, created_at, "
            "expires_at) VALUES (:purpose, :subject, :hash, 0, :now, :expires_at) "
            "ON CONFLICT (purpose, subject) DO UPDATE SET code_hash = excluded.code_hash, "
            "attempts = 0, created_at = excluded.created_at, expires_at = excluded.expires_at",
            {{"purpose", purpose},
             {"subject", subject},
             {"hash", code_hash},
             {"now", now},
             {"expires_at", expires_at}});
}

std::optional<StoredCode> find(const Sql& sql, const std::string& purpose,
                               const std::string& subject) {
  const sdk::Result rows =
      sql.query("accounts.code_find",
                "SELECT code_hash, attempts, created_at, expires_at FROM accounts_codes "
                "WHERE purpose = :purpose AND subject = :subject",
                {{"purpose", purpose}, {"subject", subject}});
  if (rows.empty()) return std::nullopt;
  return fromRow(rows[0]);
}

std::optional<std::pair<std::string, StoredCode>> findByHash(const Sql& sql,
                                                             const std::string& purpose,
                                                             const std::string& code_hash) {
  const sdk::Result rows =
      sql.query("accounts.code_find_hash",
                "SELECT subject, code_hash, attempts, created_at, expires_at FROM accounts_codes "
                "WHERE purpose = :purpose AND code_hash = :hash",
                {{"purpose", purpose}, {"hash", code_hash}});
  if (rows.empty()) return std::nullopt;
  return std::make_pair(rows[0].getText("subject"), fromRow(rows[0]));
}

int64_t spendAttempt(const Sql& sql, const std::string& purpose, const std::string& subject,
                     int64_t max_attempts) {
  return sql
      .query("accounts.code_attempt",
             "UPDATE accounts_codes SET attempts = attempts + 1 WHERE purpose = :purpose AND "
             "subject = :subject AND attempts < :max",
             {{"purpose", purpose}, {"subject", subject}, {"max", max_attempts}})
      .affectedRows();
}

void remove(const Sql& sql, const std::string& purpose, const std::string& subject) {
  sql.query("accounts.code_delete",
            "DELETE FROM accounts_codes WHERE purpose = :purpose AND subject = :subject",
            {{"purpose", purpose}, {"subject", subject}});
}

}  // namespace atrium::plugins::accounts::code_repo

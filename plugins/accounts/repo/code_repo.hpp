// SQL for accounts_codes: one live code per (purpose, subject), stored as SHA-256 hex.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "plugins/accounts/domain/one_time_code.hpp"
#include "plugins/accounts/repo/sql.hpp"

namespace atrium::plugins::accounts::code_repo {

// Replaces any earlier code of (purpose, subject); attempts start at 0.
void put(const Sql& sql, const std::string& purpose, const std::string& subject,
         const std::string& code_hash, int64_t now, int64_t expires_at);
std::optional<StoredCode> find(const Sql& sql, const std::string& purpose,
                               const std::string& subject);
// The subject of a link token, by its hash.
std::optional<std::pair<std::string, StoredCode>> findByHash(const Sql& sql,
                                                             const std::string& purpose,
                                                             const std::string& code_hash);
// Spends one attempt when fewer than `max_attempts` are spent; returns 1 then, 0 otherwise.
int64_t spendAttempt(const Sql& sql, const std::string& purpose, const std::string& subject,
                     int64_t max_attempts);
void remove(const Sql& sql, const std::string& purpose, const std::string& subject);

}  // namespace atrium::plugins::accounts::code_repo

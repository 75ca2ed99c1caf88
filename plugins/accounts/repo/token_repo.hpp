// SQL for accounts_refresh_tokens: only SHA-256 hex of the tokens is stored.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "plugins/accounts/domain/refresh_token.hpp"
#include "plugins/accounts/repo/sql.hpp"

namespace atrium::plugins::accounts::token_repo {

void insert(const Sql& sql, const std::string& token_hash, const std::string& user_id,
            const std::string& family_id, int64_t now, int64_t expires_at);
std::optional<StoredRefreshToken> find(const Sql& sql, const std::string& token_hash);
// 1 when this call rotated it, 0 when it was rotated or revoked meanwhile (a race: reuse).
int64_t markRotated(const Sql& sql, const std::string& token_hash, int64_t now);
void revokeFamily(const Sql& sql, const std::string& family_id, int64_t now);
void revokeUser(const Sql& sql, const std::string& user_id, int64_t now);

}  // namespace atrium::plugins::accounts::token_repo

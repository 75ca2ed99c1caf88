// SQL for accounts_users (sql/accounts/0001_create_accounts.sql). Parameterised statements only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "plugins/accounts/domain/user.hpp"
#include "plugins/accounts/domain/user_list_query.hpp"
#include "plugins/accounts/repo/sql.hpp"

namespace atrium::plugins::accounts::user_repo {

std::optional<User> findById(const Sql& sql, const std::string& id);
std::optional<User> findByEmail(const Sql& sql, const std::string& scope, const std::string& email);
std::optional<User> findByPhone(const Sql& sql, const std::string& scope, const std::string& phone);
// Throws sdk::DbError kUniqueViolation when the e-mail or phone is taken in the scope.
void insert(const Sql& sql, const User& user);
void updatePasswordHash(const Sql& sql, const std::string& id, const std::string& hash,
                        int64_t now);
void markLogin(const Sql& sql, const std::string& id, int64_t now);
void markEmailVerified(const Sql& sql, const std::string& id, int64_t now);
void markPhoneVerified(const Sql& sql, const std::string& id, int64_t now);
// Writes the editable fields (names, e-mail, phone, profile) of `user`.
void updateProfile(const Sql& sql, const User& user, int64_t now);
void setBan(const Sql& sql, const std::string& id, int64_t now, std::optional<int64_t> until,
            const std::optional<std::string>& reason);
void clearBan(const Sql& sql, const std::string& id, int64_t now);
bool roleExists(const Sql& sql, const std::string& role);
// Newest first (then by id), filtered by `query` (search over e-mail, phone and the names,
// case-insensitive; role; banned only), at most `limit` rows from query.offset on.
std::vector<User> list(const Sql& sql, const UserListQuery& query, int64_t limit);

}  // namespace atrium::plugins::accounts::user_repo

// accounts.list_users' query parameters (?limit=&offset=&q=&role=&banned=) checked and turned
// into a filter the repository runs as parameterised SQL. Pure (unit-tested).
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace atrium::plugins::accounts {

// A bad parameter; what() names it and the allowed values (the 400 answer's message).
class UserListQueryError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct UserListLimits {
  int64_t default_limit = 50;
  int64_t max_limit = 500;
  size_t max_search_length = 100;  // characters of ?q=
};

inline constexpr int64_t kMaxUserListOffset = 1'000'000;
inline constexpr size_t kMaxRoleLength = 64;

// The raw parameters as the request carries them (absent: nullopt).
struct UserListParams {
  std::optional<std::string> limit;
  std::optional<std::string> offset;
  std::optional<std::string> q;
  std::optional<std::string> role;
  std::optional<std::string> banned;
};

struct UserListQuery {
  int64_t limit = 50;
  int64_t offset = 0;
  // A LIKE pattern "%<q with \, % and _ escaped by \>%" matched (ESCAPE '\') against e-mail,
  // phone and the names; nullopt without ?q= (or with an empty one).
  std::optional<std::string> search;
  std::optional<std::string> role;
  bool banned_only = false;
};

// Throws UserListQueryError for a limit that is not an integer from 1 to max_limit, an offset
// that is not one from 0 to kMaxUserListOffset, a q longer than max_search_length characters or
// with control characters or invalid UTF-8, an empty or too long role, a banned other than
// true/false.
UserListQuery parseUserListQuery(const UserListParams& params, const UserListLimits& limits);

// "%" + text with \, % and _ escaped by a backslash + "%".
std::string containsPattern(std::string_view text);

}  // namespace atrium::plugins::accounts

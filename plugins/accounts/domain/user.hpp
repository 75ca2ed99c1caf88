// An account as the flows see it, its ban state and its public view. Pure (unit-tested).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace atrium::plugins::accounts {

struct User {
  std::string id;
  std::string scope;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  std::string role;
  std::optional<std::string> password_hash;  // never leaves the plugin
  std::optional<std::string> name;
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  nlohmann::json profile = nlohmann::json::object();
  bool email_verified = false;
  bool phone_verified = false;
  std::optional<int64_t> terms_accepted_at;
  std::optional<int64_t> banned_at;
  std::optional<int64_t> banned_until;  // nullopt with banned_at: banned for good
  std::optional<std::string> ban_reason;
  std::optional<int64_t> last_login_at;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

enum class BanState {
  kNone,     // not banned
  kActive,   // banned now
  kExpired,  // was banned until a time that has passed (the ban may be cleared)
};
BanState banState(const User& user, int64_t now);

// "2026-11-22T10:00:00Z" for seconds since the epoch.
std::string isoTime(int64_t seconds);

// The user's public JSON: `view` maps output member -> user field (id, email, phone, role,
// name, first_name, last_name, email_verified, phone_verified, terms_accepted, banned,
// ban_reason, banned_until, created_at, updated_at, last_login_at, profile, or profile.<key>).
// Unknown fields are a config error (checkUserView). The password hash is not a field.
nlohmann::json userView(const User& user, const std::map<std::string, std::string>& view,
                        int64_t now);

// Empty when every field of `view` exists; otherwise the first unknown field.
std::optional<std::string> unknownViewField(const std::map<std::string, std::string>& view);

// The view used when the product configures none.
std::map<std::string, std::string> defaultUserView();

}  // namespace atrium::plugins::accounts

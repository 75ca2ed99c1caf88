#include "plugins/accounts/domain/user.hpp"

#include <ctime>
#include <set>

namespace atrium::plugins::accounts {
namespace {

const std::set<std::string>& knownFields() {
  static const std::set<std::string> kFields = {
      "id",           "email",          "phone",          "role",           "name",   "first_name",
      "last_name",    "email_verified", "phone_verified", "terms_accepted", "banned", "ban_reason",
      "banned_until", "created_at",     "updated_at",     "last_login_at",  "profile"};
  return kFields;
}

template <typename T>
nlohmann::json optional(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json optionalTime(const std::optional<int64_t>& value) {
  return value ? nlohmann::json(isoTime(*value)) : nlohmann::json(nullptr);
}

nlohmann::json field(const User& user, const std::string& name, int64_t now) {
  if (name.rfind("profile.", 0) == 0) {
    const auto it = user.profile.find(name.substr(8));
    return it == user.profile.end() ? nlohmann::json(nullptr) : *it;
  }
  if (name == "id") return user.id;
  if (name == "email") return optional(user.email);
  if (name == "phone") return optional(user.phone);
  if (name == "role") return user.role;
  if (name == "name") return optional(user.name);
  if (name == "first_name") return optional(user.first_name);
  if (name == "last_name") return optional(user.last_name);
  if (name == "email_verified") return user.email_verified;
  if (name == "phone_verified") return user.phone_verified;
  if (name == "terms_accepted") return user.terms_accepted_at.has_value();
  if (name == "banned") return banState(user, now) == BanState::kActive;
  if (name == "ban_reason") return optional(user.ban_reason);
  if (name == "banned_until") return optionalTime(user.banned_until);
  if (name == "created_at") return isoTime(user.created_at);
  if (name == "updated_at") return isoTime(user.updated_at);
  if (name == "last_login_at") return optionalTime(user.last_login_at);
  if (name == "profile") return user.profile;
  return nullptr;
}

}  // namespace

BanState banState(const User& user, int64_t now) {
  if (!user.banned_at) return BanState::kNone;
  if (user.banned_until && *user.banned_until <= now) return BanState::kExpired;
  return BanState::kActive;
}

std::string isoTime(int64_t seconds) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

nlohmann::json userView(const User& user, const std::map<std::string, std::string>& view,
                        int64_t now) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [member, name] : view) out[member] = field(user, name, now);
  return out;
}

std::optional<std::string> unknownViewField(const std::map<std::string, std::string>& view) {
  for (const auto& [member, name] : view) {
    if (name.rfind("profile.", 0) == 0 && name.size() > 8) continue;
    if (knownFields().count(name) == 0) return name;
  }
  return std::nullopt;
}

std::map<std::string, std::string> defaultUserView() {
  return {{"id", "id"},
          {"email", "email"},
          {"phone", "phone"},
          {"name", "name"},
          {"role", "role"},
          {"emailVerified", "email_verified"},
          {"createdAt", "created_at"}};
}

}  // namespace atrium::plugins::accounts

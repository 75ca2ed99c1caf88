// The plugin's config block (config_schema.yaml, defaults applied by the host) as typed
// settings, checked once at start. Pure (unit-tested).
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "plugins/accounts/domain/user_list_query.hpp"

namespace atrium::plugins::accounts {

class SettingsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class LoginBy { kEmail, kPhone, kIdentifier };
enum class CodeMode { kOff, kCode, kLink };

struct CodePolicy {
  std::string link_url;
  int64_t ttl_seconds = 900;
  int64_t max_attempts = 5;
  int64_t cooldown_seconds = 60;
  CodeMode mode = CodeMode::kCode;
};

struct Settings {
  // roles
  std::string default_role = "user";
  std::string admin_role = "admin";
  std::map<std::string, std::string> role_by_route;
  std::set<std::string> roles_from_body;
  // request member names: canonical name -> product's member
  std::map<std::string, std::string> fields;
  size_t password_min_length = 8;
  std::set<std::string> register_required;
  // sessions
  int64_t refresh_ttl_seconds = 7 * 24 * 3600;
  std::map<std::string, std::string> token_claims;
  // codes
  CodePolicy verification;
  CodePolicy reset;
  CodePolicy phone_login;
  std::string phone_field = "phoneNumber";
  // profile
  std::set<std::string> profile_editable;
  std::set<std::string> profile_extra;
  size_t profile_max_extra_length = 65536;
  // texts and shapes
  std::string message_scripts = "accounts/messages";
  std::string language = "en";
  std::map<std::string, std::string> texts;           // defaults merged with the config
  std::map<std::string, std::string> user_view;       // member -> user field
  std::map<std::string, std::string> list_user_view;  // list_users entries (user_view if unset)
  UserListLimits list_limits;
  std::map<std::string, nlohmann::json> responses;  // handler -> template (defaults merged)
  std::map<std::string, int> statuses;              // handler -> success status
  // statuses and switches
  LoginBy login_by = LoginBy::kEmail;
  int duplicate_status = 409;
  int unverified_status = 403;
  int reset_unknown_status = 404;
  bool role_scoped = false;
  bool register_terms = false;
  bool register_issue_tokens = true;
  bool require_verified_email = false;
  bool verification_issue_tokens = false;
  bool reset_reveal_unknown = false;
  bool phone_create_accounts = true;

  // The product's member name for a canonical field ("email" -> "email").
  const std::string& field(const std::string& canonical) const { return fields.at(canonical); }
  const std::string& text(const std::string& key) const;
  int status(const std::string& handler) const;
};

// Throws SettingsError naming the key for anything the schema cannot express (an unknown
// handler under responses:, an unknown user field, a placeholder that does not exist, a link
// mode without link_url).
Settings parseSettings(const nlohmann::json& config);

// The placeholders an answer template may use: message, user, users, access_token,
// refresh_token, expires_in (seconds), is_new_user, and for list_users limit, offset and
// next_offset (only when there may be more). A handler fills those it has.
const nlohmann::json& responsePlaceholders();

}  // namespace atrium::plugins::accounts

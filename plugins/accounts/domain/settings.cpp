#include "plugins/accounts/domain/settings.hpp"

#include "plugins/accounts/domain/response_template.hpp"
#include "plugins/accounts/domain/texts.hpp"
#include "plugins/accounts/domain/user.hpp"

namespace atrium::plugins::accounts {
namespace {

int64_t seconds(const nlohmann::json& milliseconds) { return milliseconds.get<int64_t>() / 1000; }

CodeMode codeMode(const std::string& text) {
  if (text == "code") return CodeMode::kCode;
  if (text == "link") return CodeMode::kLink;
  return CodeMode::kOff;
}

CodePolicy codePolicy(const nlohmann::json& block, const char* name) {
  CodePolicy policy;
  policy.mode = block.contains("mode") ? codeMode(block.at("mode")) : CodeMode::kCode;
  policy.ttl_seconds = seconds(block.at("ttl"));
  policy.max_attempts = block.at("max_attempts").get<int64_t>();
  policy.cooldown_seconds = seconds(block.at("resend_cooldown"));
  policy.link_url = block.value("link_url", "");
  if (policy.mode == CodeMode::kLink && policy.link_url.find("{{token}}") == std::string::npos) {
    throw SettingsError(std::string(name) +
                        ".link_url must contain {{token}} when mode is link (the URL mailed)");
  }
  return policy;
}

std::set<std::string> stringSet(const nlohmann::json& array) {
  std::set<std::string> out;
  for (const auto& item : array) out.insert(item.get<std::string>());
  return out;
}

template <typename T>
std::map<std::string, T> stringMap(const nlohmann::json& object) {
  std::map<std::string, T> out;
  for (const auto& [key, value] : object.items()) out[key] = value.template get<T>();
  return out;
}

}  // namespace

const std::string& Settings::text(const std::string& key) const {
  const auto it = texts.find(key);
  if (it != texts.end()) return it->second;
  static const std::string kEmpty;
  return kEmpty;
}

int Settings::status(const std::string& handler) const {
  const auto it = statuses.find(handler);
  if (it != statuses.end()) return it->second;
  return handler == "register" ? 201 : 200;
}

const nlohmann::json& responsePlaceholders() {
  static const nlohmann::json kNames = {
      "message",    "user",        "users", "access_token", "refresh_token",
      "expires_in", "is_new_user", "limit", "offset",       "next_offset"};
  return kNames;
}

Settings parseSettings(const nlohmann::json& config) {
  Settings s;
  const nlohmann::json& roles = config.at("roles");
  s.default_role = roles.at("default");
  s.admin_role = roles.at("admin");
  s.role_by_route = stringMap<std::string>(roles.at("by_route"));
  s.roles_from_body = stringSet(roles.at("from_body"));
  s.role_scoped = roles.at("scoped");
  s.fields = stringMap<std::string>(config.at("fields"));
  s.password_min_length = config.at("passwords").at("min_length").get<size_t>();

  const nlohmann::json& reg = config.at("register");
  s.register_required = stringSet(reg.at("required"));
  s.register_terms = reg.at("terms");
  s.register_issue_tokens = reg.at("issue_tokens");
  s.duplicate_status = reg.at("duplicate_status");

  const nlohmann::json& login = config.at("login");
  const std::string by = login.at("by");
  s.login_by = by == "phone"        ? LoginBy::kPhone
               : by == "identifier" ? LoginBy::kIdentifier
                                    : LoginBy::kEmail;
  s.require_verified_email = login.at("require_verified_email");
  s.unverified_status = login.at("unverified_status");

  s.refresh_ttl_seconds = seconds(config.at("tokens").at("refresh_ttl"));
  s.token_claims = stringMap<std::string>(config.at("tokens").at("claims"));

  s.verification = codePolicy(config.at("verification"), "verification");
  s.verification_issue_tokens = config.at("verification").at("issue_tokens");
  s.reset = codePolicy(config.at("reset"), "reset");
  s.reset_reveal_unknown = config.at("reset").at("reveal_unknown");
  s.reset_unknown_status = config.at("reset").at("unknown_status");
  s.phone_login = codePolicy(config.at("phone_login"), "phone_login");
  s.phone_field = config.at("phone_login").at("phone_field");
  s.phone_create_accounts = config.at("phone_login").at("create_accounts");

  s.profile_editable = stringSet(config.at("profile").at("editable"));
  s.profile_extra = stringSet(config.at("profile").at("extra"));
  s.profile_max_extra_length = config.at("profile").at("max_extra_length").get<size_t>();

  s.message_scripts = config.at("messages").at("scripts");
  s.language = config.at("messages").at("language");

  s.texts = defaultTexts();
  for (const auto& [key, value] : config.at("texts").items()) {
    if (s.texts.count(key) == 0) throw SettingsError("texts." + key + " is not a known text key");
    s.texts[key] = value.get<std::string>();
  }

  s.user_view = stringMap<std::string>(config.at("user"));
  if (s.user_view.empty()) s.user_view = defaultUserView();
  if (auto unknown = unknownViewField(s.user_view)) {
    throw SettingsError("user: '" + *unknown + "' is not a user field");
  }
  const nlohmann::json list = config.value("list_users", nlohmann::json::object());
  s.list_user_view = stringMap<std::string>(list.value("user", nlohmann::json::object()));
  if (s.list_user_view.empty()) s.list_user_view = s.user_view;
  if (auto unknown = unknownViewField(s.list_user_view)) {
    throw SettingsError("list_users.user: '" + *unknown + "' is not a user field");
  }
  s.list_limits.default_limit = list.value("default_limit", s.list_limits.default_limit);
  s.list_limits.max_limit = list.value("max_limit", s.list_limits.max_limit);
  s.list_limits.max_search_length =
      list.value("max_search_length", s.list_limits.max_search_length);
  if (s.list_limits.default_limit > s.list_limits.max_limit) {
    throw SettingsError("list_users.default_limit is above list_users.max_limit");
  }

  s.responses = defaultResponses();
  for (const auto& [handler, body] : config.at("responses").items()) {
    if (s.responses.count(handler) == 0) {
      throw SettingsError("responses." + handler + " is not a handler of this plugin");
    }
    if (auto unknown = unknownPlaceholder(body, responsePlaceholders())) {
      throw SettingsError("responses." + handler + ": unknown placeholder {{" + *unknown + "}}");
    }
    s.responses[handler] = body;
  }
  for (const auto& [handler, status] : config.at("statuses").items()) {
    if (s.responses.count(handler) == 0) {
      throw SettingsError("statuses." + handler + " is not a handler of this plugin");
    }
    s.statuses[handler] = status.get<int>();
  }
  return s;
}

}  // namespace atrium::plugins::accounts

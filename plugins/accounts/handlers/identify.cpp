#include "plugins/accounts/handlers/identify.hpp"

#include "plugins/accounts/domain/identity.hpp"
#include "plugins/accounts/repo/user_repo.hpp"

namespace atrium::plugins::accounts {

std::string requestedRole(const Settings& settings, const Request& req,
                          const nlohmann::json& body) {
  const auto by_route = settings.role_by_route.find(std::string(req.route()));
  if (by_route != settings.role_by_route.end()) return by_route->second;
  if (!settings.roles_from_body.empty()) {
    auto role = optionalText(settings, body, settings.field("role"));
    if (role) {
      if (settings.roles_from_body.count(*role) == 0) fail(settings, Failure::kRoleNotAllowed);
      return *role;
    }
  }
  return settings.default_role;
}

std::optional<std::string> emailMember(const Settings& settings, const nlohmann::json& body,
                                       const std::string& member) {
  auto text = optionalText(settings, body, member);
  if (!text) return std::nullopt;
  auto email = normalizeEmail(*text);
  if (!email) fail(settings, Failure::kInvalidInput, member + " must be a valid email address");
  return email;
}

std::optional<std::string> phoneMember(const Settings& settings, const nlohmann::json& body,
                                       const std::string& member) {
  auto text = optionalText(settings, body, member);
  if (!text) return std::nullopt;
  auto phone = normalizePhone(*text);
  if (!phone) {
    fail(settings, Failure::kInvalidInput,
         member + " must be a phone number in E.164 format (+998901234567)");
  }
  return phone;
}

std::optional<User> findLoginAccount(const Settings& settings, const Sql& sql,
                                     const nlohmann::json& body, const std::string& scope) {
  std::optional<Identifier> id;
  switch (settings.login_by) {
    case LoginBy::kEmail: {
      const std::string text = requiredText(settings, body, settings.field("email"));
      if (auto email = normalizeEmail(text)) id = Identifier{IdentifierKind::kEmail, *email};
      break;
    }
    case LoginBy::kPhone: {
      const std::string text = requiredText(settings, body, settings.field("phone"));
      if (auto phone = normalizePhone(text)) id = Identifier{IdentifierKind::kPhone, *phone};
      break;
    }
    case LoginBy::kIdentifier:
      id = parseIdentifier(requiredText(settings, body, settings.field("identifier")));
      break;
  }
  if (!id) return std::nullopt;
  return id->kind == IdentifierKind::kEmail ? user_repo::findByEmail(sql, scope, id->value)
                                            : user_repo::findByPhone(sql, scope, id->value);
}

std::optional<User> findByEmailMember(const Settings& settings, const Sql& sql, const Request& req,
                                      const nlohmann::json& body) {
  const std::string member = settings.field("email");
  auto email = emailMember(settings, body, member);
  if (!email) fail(settings, Failure::kInvalidInput, member + " is required");
  return user_repo::findByEmail(sql, scopeOf(settings, requestedRole(settings, req, body)), *email);
}

}  // namespace atrium::plugins::accounts

// Finding the account a request names: its role (route, body or default) and its e-mail,
// phone or identifier.
#pragma once

#include <optional>
#include <string>

#include "plugins/accounts/handlers/support.hpp"
#include "plugins/accounts/repo/sql.hpp"

namespace atrium::plugins::accounts {

// The role a register or login request is for: roles.by_route for the matched route, else the
// role member when roles.from_body lists it (400 role_not_allowed for any other), else
// roles.default.
std::string requestedRole(const Settings& settings, const Request& req, const nlohmann::json& body);

// The normalised e-mail member; nullopt when absent; 400 when malformed.
std::optional<std::string> emailMember(const Settings& settings, const nlohmann::json& body,
                                       const std::string& member);
// The normalised E.164 phone member; nullopt when absent; 400 when malformed.
std::optional<std::string> phoneMember(const Settings& settings, const nlohmann::json& body,
                                       const std::string& member);

// The account named by the login's e-mail, phone or identifier member (login.by) in `scope`;
// nullopt when none (a malformed identifier names none). 400 when the member is missing.
std::optional<User> findLoginAccount(const Settings& settings, const Sql& sql,
                                     const nlohmann::json& body, const std::string& scope);

// The account of the e-mail member in the request's role scope, for the code flows.
std::optional<User> findByEmailMember(const Settings& settings, const Sql& sql, const Request& req,
                                      const nlohmann::json& body);

}  // namespace atrium::plugins::accounts

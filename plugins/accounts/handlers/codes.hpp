// One-time codes and link tokens of the verification, reset and phone-login flows: issued with
// their message in the caller's transaction, checked with a strict attempt budget.
#pragma once

#include <string>

#include "plugins/accounts/handlers/support.hpp"
#include "plugins/accounts/repo/sql.hpp"

namespace atrium::plugins::accounts {

inline constexpr const char* kPurposeVerifyEmail = "verify_email";
inline constexpr const char* kPurposeReset = "reset_password";
inline constexpr const char* kPurposePhoneLogin = "phone_login";

// The link token of a request: the :token path parameter, else the token member.
std::string linkToken(const Settings& settings, const Request& req, const nlohmann::json& body);
// The code member; invalid_code unless it is exactly 6 digits.
std::string sixDigitCode(const Settings& settings, const nlohmann::json& body);

// 429 code_cooldown when the last code of (purpose, subject) is younger than the cooldown.
void enforceCooldown(const Settings& settings, const Sql& sql, const std::string& purpose,
                     const std::string& subject, const CodePolicy& policy);

// A new code (6 digits; or a 256-bit token in link mode), stored hashed; returns it in clear
// text for the message only.
std::string issueCode(const Context& ctx, const Sql& sql, const std::string& purpose,
                      const std::string& subject, const CodePolicy& policy);

// Renders <messages.scripts>/<message> with {code, link, minutes, name, ...} and enqueues it in
// the request's open transaction (the outbox), by mail to an address or by SMS to a phone.
void mailCode(const Context& ctx, const Request& req, const State& state,
              const std::string& message, const std::string& to, const CodePolicy& policy,
              const std::string& code, nlohmann::json vars = nlohmann::json::object());
void smsCode(const Context& ctx, const Request& req, const State& state, const std::string& message,
             const std::string& to, const CodePolicy& policy, const std::string& code);

// Checks a 6-digit code of (purpose, subject): each check spends one attempt first (so
// concurrent guesses cannot exceed the budget). Fails with invalid_code,
// code_expired or too_many_attempts; returns when it matches (the code is left in place:
// consume it with code_repo::remove in the state change's transaction).
void checkCode(const Context& ctx, const Request& req, const State& state,
               const std::string& purpose, const std::string& subject, const std::string& code,
               const CodePolicy& policy);

// The subject of a valid link token; fails with invalid_code or code_expired.
std::string checkLinkToken(const Context& ctx, const Request& req, const State& state,
                           const std::string& purpose, const std::string& token);

}  // namespace atrium::plugins::accounts

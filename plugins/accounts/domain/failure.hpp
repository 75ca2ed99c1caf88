// Expected failures of the account flows, as values the handlers map to an HTTP status, a
// stable code and the product's text (handlers/errors.cpp). Domain code knows nothing of HTTP.
#pragma once

#include <string>
#include <string_view>

namespace atrium::plugins::accounts {

enum class Failure {
  kInvalidInput,        // 400: a field is missing or malformed (detail says which)
  kInvalidCredentials,  // 401: unknown account or wrong password (never says which)
  kEmailTaken,          // register: e-mail already used (in the role's scope)
  kPhoneTaken,          // register: phone already used
  kWeakPassword,        // 400: shorter than passwords.min_length
  kTermsRequired,       // 400: register without accepting the terms
  kEmailNotVerified,    // login before verifying the e-mail (when required)
  kBanned,              // 403: the account is banned (reason and end in the detail)
  kInvalidRefresh,      // 401: unknown, expired, revoked or reused refresh token
  kUnknownUser,         // 404: no such account (admin actions, non-enumeration-safe flows)
  kInvalidCode,         // 400: wrong code or token
  kCodeExpired,         // 400: the code's time is up
  kTooManyAttempts,     // 429: the code's attempts are used up
  kAlreadyVerified,     // 400: verification of a verified account
  kCooldown,            // 429: a new code was asked for too soon
  kWrongPassword,       // 400: change-password with a wrong current password
  kAlreadyBanned,       // 400
  kNotBanned,           // 400
  kCannotBanAdmin,      // 403
  kRoleNotAllowed,      // 400: the body asks for a role it may not choose
};

// The key of the failure's text under `texts:` (and in the default English texts).
std::string_view failureKey(Failure failure);

}  // namespace atrium::plugins::accounts

#include "plugins/accounts/domain/failure.hpp"

namespace atrium::plugins::accounts {

std::string_view failureKey(Failure failure) {
  switch (failure) {
    case Failure::kInvalidInput: return "invalid_input";
    case Failure::kInvalidCredentials: return "invalid_credentials";
    case Failure::kEmailTaken: return "email_taken";
    case Failure::kPhoneTaken: return "phone_taken";
    case Failure::kWeakPassword: return "weak_password";
    case Failure::kTermsRequired: return "terms_required";
    case Failure::kEmailNotVerified: return "email_not_verified";
    case Failure::kBanned: return "banned";
    case Failure::kInvalidRefresh: return "invalid_refresh_token";
    case Failure::kUnknownUser: return "unknown_user";
    case Failure::kInvalidCode: return "invalid_code";
    case Failure::kCodeExpired: return "code_expired";
    case Failure::kTooManyAttempts: return "too_many_attempts";
    case Failure::kAlreadyVerified: return "already_verified";
    case Failure::kCooldown: return "code_cooldown";
    case Failure::kWrongPassword: return "wrong_password";
    case Failure::kAlreadyBanned: return "already_banned";
    case Failure::kNotBanned: return "not_banned";
    case Failure::kCannotBanAdmin: return "cannot_ban_admin";
    case Failure::kRoleNotAllowed: return "role_not_allowed";
  }
  return "invalid_input";
}

}  // namespace atrium::plugins::accounts

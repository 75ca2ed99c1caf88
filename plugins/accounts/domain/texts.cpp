#include "plugins/accounts/domain/texts.hpp"

namespace atrium::plugins::accounts {

const std::map<std::string, std::string>& defaultTexts() {
  static const std::map<std::string, std::string> kTexts = {
      // failures (domain/failure.hpp)
      {"invalid_input", "Invalid request"},
      {"invalid_credentials", "Invalid credentials"},
      {"email_taken", "Email already exists"},
      {"phone_taken", "Phone number already exists"},
      {"weak_password", "Password is too short"},
      {"terms_required", "You must accept the terms and conditions"},
      {"email_not_verified", "Please verify your email first"},
      {"banned", "Your account has been suspended"},
      {"invalid_refresh_token", "Invalid refresh token"},
      {"unknown_user", "User not found"},
      {"invalid_code", "Invalid code"},
      {"code_expired", "Code has expired"},
      {"too_many_attempts", "Too many attempts, request a new code"},
      {"already_verified", "Email is already verified"},
      {"code_cooldown", "Please wait before requesting a new code"},
      {"wrong_password", "Current password is incorrect"},
      {"already_banned", "User is already banned"},
      {"not_banned", "This user is not banned"},
      {"cannot_ban_admin", "Administrators cannot be banned"},
      {"role_not_allowed", "Invalid role"},
      // successes
      {"registered", "User created successfully"},
      {"logged_in", "Login successful"},
      {"logged_out", "Logged out successfully"},
      {"profile_updated", "Profile updated successfully"},
      {"password_changed", "Password changed successfully"},
      {"email_verified", "Email verified successfully"},
      {"verification_sent", "Verification code sent"},
      {"reset_sent", "If the account exists, password reset instructions have been sent"},
      {"reset_code_valid", "Code is valid"},
      {"password_reset", "Password has been reset successfully"},
      {"login_code_sent", "Verification code sent successfully"},
      {"user_banned", "User banned successfully"},
      {"user_unbanned", "User unbanned successfully"},
      {"default_ban_reason", "Violation of terms of service"},
  };
  return kTexts;
}

const std::map<std::string, nlohmann::json>& defaultResponses() {
  static const std::map<std::string, nlohmann::json> kResponses = [] {
    const nlohmann::json session = {{"message", "{{message}}"},
                                    {"user", "{{user}}"},
                                    {"accessToken", "{{access_token}}"},
                                    {"refreshToken", "{{refresh_token}}"},
                                    {"expiresIn", "{{expires_in}}"}};
    const nlohmann::json message = {{"message", "{{message}}"}};
    const nlohmann::json user = {{"user", "{{user}}"}};
    return std::map<std::string, nlohmann::json>{
        {"register", session},
        {"login", session},
        {"refresh",
         {{"accessToken", "{{access_token}}"},
          {"refreshToken", "{{refresh_token}}"},
          {"expiresIn", "{{expires_in}}"}}},
        {"logout", message},
        {"me", user},
        {"update_profile", {{"message", "{{message}}"}, {"user", "{{user}}"}}},
        {"change_password", message},
        {"verify_email", session},
        {"resend_verification", message},
        {"forgot_password", message},
        {"verify_reset_code", message},
        {"reset_password", message},
        {"send_login_code", message},
        {"verify_login_code", session},
        {"ban_user", {{"message", "{{message}}"}, {"user", "{{user}}"}}},
        {"unban_user", {{"message", "{{message}}"}, {"user", "{{user}}"}}},
        {"list_users", {{"users", "{{users}}"}, {"next_offset", "{{next_offset}}"}}},
    };
  }();
  return kResponses;
}

}  // namespace atrium::plugins::accounts

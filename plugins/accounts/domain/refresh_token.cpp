#include "plugins/accounts/domain/refresh_token.hpp"

namespace atrium::plugins::accounts {

RefreshCheck checkRefreshToken(const StoredRefreshToken& token, int64_t now) {
  if (token.revoked_at) return RefreshCheck::kRevoked;
  if (token.rotated_at) return RefreshCheck::kReused;
  if (now >= token.expires_at) return RefreshCheck::kExpired;
  return RefreshCheck::kValid;
}

}  // namespace atrium::plugins::accounts

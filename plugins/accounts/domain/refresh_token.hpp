// The decision on a presented refresh token. Pure (unit-tested).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace atrium::plugins::accounts {

struct StoredRefreshToken {
  std::string user_id;
  std::string family_id;
  int64_t expires_at = 0;
  std::optional<int64_t> rotated_at;
  std::optional<int64_t> revoked_at;
};

enum class RefreshCheck {
  kValid,    // rotate it
  kReused,   // already rotated: theft suspected, revoke the whole family
  kRevoked,  // logged out, banned or its family was revoked
  kExpired,
};

RefreshCheck checkRefreshToken(const StoredRefreshToken& token, int64_t now);

}  // namespace atrium::plugins::accounts

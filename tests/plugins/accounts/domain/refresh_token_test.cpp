#include "plugins/accounts/domain/refresh_token.hpp"

#include <gtest/gtest.h>

namespace atrium::plugins::accounts {
namespace {

TEST(CheckRefreshToken, ValidUntilItExpires) {
  StoredRefreshToken token{"u", "f", 2000, std::nullopt, std::nullopt};
  EXPECT_EQ(checkRefreshToken(token, 1999), RefreshCheck::kValid);
  EXPECT_EQ(checkRefreshToken(token, 2000), RefreshCheck::kExpired);
}

TEST(CheckRefreshToken, RotatedIsReuseAndRevokedWins) {
  StoredRefreshToken token{"u", "f", 2000, 1500, std::nullopt};
  EXPECT_EQ(checkRefreshToken(token, 1600), RefreshCheck::kReused);
  EXPECT_EQ(checkRefreshToken(token, 5000), RefreshCheck::kReused)
      << "a rotated token presented late is still theft";
  token.revoked_at = 1700;
  EXPECT_EQ(checkRefreshToken(token, 1800), RefreshCheck::kRevoked);
}

}  // namespace
}  // namespace atrium::plugins::accounts

#include "plugins/accounts/domain/one_time_code.hpp"

#include <gtest/gtest.h>

namespace atrium::plugins::accounts {
namespace {

StoredCode code(int64_t attempts) { return StoredCode{"hash", attempts, 1000, 1600}; }

TEST(CheckCode, AcceptsTheRightCodeInTime) {
  EXPECT_EQ(checkCode(code(0), "hash", 1100, 5), CodeCheck::kAccepted);
  EXPECT_EQ(checkCode(code(4), "hash", 1599, 5), CodeCheck::kAccepted);
}

TEST(CheckCode, WrongGuessesUntilTheLastOneExhausts) {
  EXPECT_EQ(checkCode(code(0), "other", 1100, 5), CodeCheck::kWrong);
  EXPECT_EQ(checkCode(code(3), "other", 1100, 5), CodeCheck::kWrong);
  EXPECT_EQ(checkCode(code(4), "other", 1100, 5), CodeCheck::kExhausted);
  EXPECT_EQ(checkCode(code(5), "hash", 1100, 5), CodeCheck::kExhausted)
      << "the right code after the budget is spent is refused";
}

TEST(CheckCode, ExpiresAtItsTime) {
  EXPECT_EQ(checkCode(code(0), "hash", 1600, 5), CodeCheck::kExpired);
  EXPECT_EQ(checkCode(code(0), "other", 5000, 5), CodeCheck::kExpired);
}

TEST(CooldownRemaining, CountsFromTheLastCode) {
  EXPECT_EQ(cooldownRemaining(code(0), 1010, 60), 50);
  EXPECT_EQ(cooldownRemaining(code(0), 1060, 60), 0);
  EXPECT_EQ(cooldownRemaining(code(0), 1001, 0), 0);
}

}  // namespace
}  // namespace atrium::plugins::accounts

#include "plugins/accounts/domain/identity.hpp"

#include <gtest/gtest.h>

namespace atrium::plugins::accounts {
namespace {

TEST(NormalizeEmail, LowerCasesAndTrims) {
  EXPECT_EQ(normalizeEmail("  Ali@Example.COM "), "ali@example.com");
  EXPECT_EQ(normalizeEmail("o'hara+tag@mail.example.uz"), "o'hara+tag@mail.example.uz");
}

TEST(NormalizeEmail, RefusesMalformedAddresses) {
  for (const char* bad :
       {"", "ali", "@example.com", "ali@", "ali@example", "ali@example.", "a b@example.com",
        "a@b@example.com", "ali@.com", "ali@exa\nmple.com", "a;b@example.com", ".ali@example.com",
        "a..b@example.com", "ali@-example.com", "ali@exa_mple.com", "a\"b@example.com"}) {
    EXPECT_FALSE(normalizeEmail(bad).has_value()) << bad;
  }
  EXPECT_FALSE(normalizeEmail(std::string(65, 'a') + "@b.uz").has_value());
  EXPECT_FALSE(normalizeEmail("a@" + std::string(250, 'b') + ".uz").has_value());
}

TEST(NormalizePhone, AcceptsE164WithOrWithoutPlus) {
  EXPECT_EQ(normalizePhone("+998901234567"), "+998901234567");
  EXPECT_EQ(normalizePhone("998901234567"), "+998901234567");
  EXPECT_EQ(normalizePhone("+15"), "+15");
  EXPECT_EQ(normalizePhone("+123456789012345"), "+123456789012345");
}

TEST(NormalizePhone, RefusesAnythingElse) {
  for (const char* bad : {"", "+", "+1", "+0123456", "+1234567890123456", "90 123 45 67",
                          "+99890-123", "++998901234567", "abc"}) {
    EXPECT_FALSE(normalizePhone(bad).has_value()) << bad;
  }
}

TEST(ParseIdentifier, TellsEmailFromPhone) {
  const auto email = parseIdentifier("A@B.uz");
  ASSERT_TRUE(email.has_value());
  EXPECT_EQ(email->kind, IdentifierKind::kEmail);
  EXPECT_EQ(email->value, "a@b.uz");
  const auto phone = parseIdentifier("998901234567");
  ASSERT_TRUE(phone.has_value());
  EXPECT_EQ(phone->kind, IdentifierKind::kPhone);
  EXPECT_EQ(phone->value, "+998901234567");
  EXPECT_FALSE(parseIdentifier("not an identifier").has_value());
}

TEST(PasswordPolicy, CountsBytes) {
  EXPECT_FALSE(passwordAcceptable("1234567", 8));
  EXPECT_TRUE(passwordAcceptable("12345678", 8));
}

TEST(ConstantTimeEquals, ComparesWholeStrings) {
  EXPECT_TRUE(constantTimeEquals("abc", "abc"));
  EXPECT_FALSE(constantTimeEquals("abc", "abd"));
  EXPECT_FALSE(constantTimeEquals("abc", "abcd"));
  EXPECT_TRUE(constantTimeEquals("", ""));
}

}  // namespace
}  // namespace atrium::plugins::accounts

#include "plugins/accounts/domain/user.hpp"

#include <gtest/gtest.h>

namespace atrium::plugins::accounts {
namespace {

using Json = nlohmann::json;

User sample() {
  User u;
  u.id = "u1";
  u.email = "a@b.uz";
  u.role = "customer";
  u.password_hash = "$argon2id$secret";
  u.name = "Ali";
  u.profile = {{"profilePicture", "data:..."}};
  u.email_verified = true;
  u.created_at = 0;
  u.updated_at = 86400;
  return u;
}

TEST(BanState, ActiveUntilItsEnd) {
  User u = sample();
  EXPECT_EQ(banState(u, 100), BanState::kNone);
  u.banned_at = 10;
  EXPECT_EQ(banState(u, 100), BanState::kActive) << "no end: for good";
  u.banned_until = 200;
  EXPECT_EQ(banState(u, 199), BanState::kActive);
  EXPECT_EQ(banState(u, 200), BanState::kExpired);
}

TEST(UserView, MapsMembersToFieldsAndNeverThePasswordHash) {
  const std::map<std::string, std::string> view = {{"id", "id"},
                                                   {"fullName", "name"},
                                                   {"phone", "phone"},
                                                   {"isVerified", "email_verified"},
                                                   {"picture", "profile.profilePicture"},
                                                   {"bio", "profile.bio"},
                                                   {"updatedAt", "updated_at"},
                                                   {"banned", "banned"}};
  const Json out = userView(sample(), view, 100);
  EXPECT_EQ(out, (Json{{"id", "u1"},
                       {"fullName", "Ali"},
                       {"phone", nullptr},
                       {"isVerified", true},
                       {"picture", "data:..."},
                       {"bio", nullptr},
                       {"updatedAt", "1970-01-02T00:00:00Z"},
                       {"banned", false}}));
  EXPECT_EQ(out.dump().find("argon2"), std::string::npos);
  EXPECT_EQ(userView(sample(), defaultUserView(), 0).dump().find("argon2"), std::string::npos);
}

TEST(UserView, UnknownFieldsAreReported) {
  EXPECT_FALSE(unknownViewField(defaultUserView()).has_value());
  EXPECT_FALSE(unknownViewField({{"x", "profile.anything"}}).has_value());
  EXPECT_EQ(unknownViewField({{"x", "password_hash"}}), "password_hash");
  EXPECT_EQ(unknownViewField({{"x", "profile."}}), "profile.");
}

}  // namespace
}  // namespace atrium::plugins::accounts

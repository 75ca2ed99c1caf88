#include "plugins/accounts/domain/user_list_query.hpp"

#include <gtest/gtest.h>

namespace atrium::plugins::accounts {
namespace {

std::string errorOf(const UserListParams& params, const UserListLimits& limits = {}) {
  try {
    parseUserListQuery(params, limits);
  } catch (const UserListQueryError& e) {
    return e.what();
  }
  return "";
}

TEST(UserListQueryTest, DefaultsWithoutParameters) {
  const UserListQuery q = parseUserListQuery({}, {});
  EXPECT_EQ(q.limit, 50);
  EXPECT_EQ(q.offset, 0);
  EXPECT_FALSE(q.search.has_value());
  EXPECT_FALSE(q.role.has_value());
  EXPECT_FALSE(q.banned_only);
  EXPECT_EQ(parseUserListQuery({}, {.default_limit = 20}).limit, 20);
}

TEST(UserListQueryTest, ReadsEveryParameter) {
  UserListParams p;
  p.limit = "500";
  p.offset = "1000000";
  p.q = "Ali_100%";
  p.role = "ADMIN";
  p.banned = "true";
  const UserListQuery q = parseUserListQuery(p, {});
  EXPECT_EQ(q.limit, 500);
  EXPECT_EQ(q.offset, 1000000);
  EXPECT_EQ(q.search.value_or(""), "%Ali\\_100\\%%");
  EXPECT_EQ(q.role.value_or(""), "ADMIN");
  EXPECT_TRUE(q.banned_only);
  p.banned = "false";
  p.q = "";
  const UserListQuery q2 = parseUserListQuery(p, {});
  EXPECT_FALSE(q2.banned_only);
  EXPECT_FALSE(q2.search.has_value()) << "an empty q does not filter";
}

TEST(UserListQueryTest, RefusesBadLimitsAndOffsets) {
  for (const char* bad : {"0", "501", "-1", "abc", "1.5", "", " 5", "99999999999999999999", "+5"}) {
    UserListParams p;
    p.limit = bad;
    EXPECT_EQ(errorOf(p), "limit must be an integer from 1 to 500") << bad;
  }
  UserListParams p;
  p.limit = "101";
  EXPECT_EQ(errorOf(p, {.max_limit = 100}), "limit must be an integer from 1 to 100");
  for (const char* bad : {"-1", "1000001", "x", ""}) {
    UserListParams o;
    o.offset = bad;
    EXPECT_EQ(errorOf(o), "offset must be an integer from 0 to 1000000") << bad;
  }
}

TEST(UserListQueryTest, RefusesBadSearchRoleAndBanned) {
  UserListParams p;
  p.q = std::string(101, 'a');
  EXPECT_EQ(errorOf(p), "q must be at most 100 characters");
  p.q = "Алишер";  // 6 characters in 12 bytes
  EXPECT_EQ(errorOf(p, {.max_search_length = 6}), "");
  p.q = "a\nb";
  EXPECT_EQ(errorOf(p), "q must be UTF-8 text without control characters");
  p.q = std::string("a\0b", 3);
  EXPECT_EQ(errorOf(p), "q must be UTF-8 text without control characters");
  p.q = "\xff\xfe";
  EXPECT_EQ(errorOf(p), "q must be UTF-8 text without control characters");
  p.q = "\xd0";  // truncated
  EXPECT_EQ(errorOf(p), "q must be UTF-8 text without control characters");
  p.q = "\xc0\xaf";  // overlong '/'
  EXPECT_EQ(errorOf(p), "q must be UTF-8 text without control characters");
  UserListParams r;
  r.role = "";
  EXPECT_EQ(errorOf(r), "role must be a role name of 1 to 64 bytes");
  r.role = std::string(65, 'A');
  EXPECT_EQ(errorOf(r), "role must be a role name of 1 to 64 bytes");
  UserListParams b;
  b.banned = "yes";
  EXPECT_EQ(errorOf(b), "banned must be true or false");
}

TEST(ContainsPatternTest, EscapesLikeWildcardsAndTheEscape) {
  EXPECT_EQ(containsPattern("ali"), "%ali%");
  EXPECT_EQ(containsPattern("%"), "%\\%%");
  EXPECT_EQ(containsPattern("a_b"), "%a\\_b%");
  EXPECT_EQ(containsPattern("a\\b"), "%a\\\\b%");
  EXPECT_EQ(containsPattern("+998"), "%+998%");
}

}  // namespace
}  // namespace atrium::plugins::accounts

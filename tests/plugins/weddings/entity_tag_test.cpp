#include "plugins/weddings/domain/entity_tag.hpp"

#include <gtest/gtest.h>

namespace atrium::plugins::weddings {
namespace {

constexpr const char* kTag = "\"0123abcd\"";

TEST(EntityTagTest, MatchesTheTagInAListWeaklyOrAStar) {
  EXPECT_TRUE(ifNoneMatchMatches("\"0123abcd\"", kTag));
  EXPECT_TRUE(ifNoneMatchMatches("W/\"0123abcd\"", kTag));
  EXPECT_TRUE(ifNoneMatchMatches("\"x\", \"0123abcd\"", kTag));
  EXPECT_TRUE(ifNoneMatchMatches("\"x\",W/\"0123abcd\" ,\"y\"", kTag));
  EXPECT_TRUE(ifNoneMatchMatches(" * ", kTag));
}

TEST(EntityTagTest, DoesNotMatchOtherOrMalformedTags) {
  EXPECT_FALSE(ifNoneMatchMatches("", kTag));
  EXPECT_FALSE(ifNoneMatchMatches("\"0123abce\"", kTag));
  EXPECT_FALSE(ifNoneMatchMatches("0123abcd", kTag));
  EXPECT_FALSE(ifNoneMatchMatches("\"0123abcd", kTag));
  EXPECT_FALSE(ifNoneMatchMatches("w/\"0123abcd\"", kTag));
  EXPECT_FALSE(ifNoneMatchMatches("\"\"", kTag));
  EXPECT_FALSE(ifNoneMatchMatches(",,", kTag));
  EXPECT_FALSE(ifNoneMatchMatches("\"x\", *", kTag));
}

}  // namespace
}  // namespace atrium::plugins::weddings

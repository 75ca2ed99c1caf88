#include "plugins/accounts/domain/response_template.hpp"

#include <gtest/gtest.h>

namespace atrium::plugins::accounts {
namespace {

using Json = nlohmann::json;

TEST(RenderResponse, ExactPlaceholdersBecomeValues) {
  const Json tpl = {{"success", true}, {"user", "{{user}}"}, {"accessToken", "{{access_token}}"}};
  const Json values = {{"user", {{"id", "u1"}, {"age", 3}}}, {"access_token", "t"}};
  EXPECT_EQ(renderResponse(tpl, values),
            (Json{{"success", true}, {"user", {{"id", "u1"}, {"age", 3}}}, {"accessToken", "t"}}));
}

TEST(RenderResponse, MembersOfValuesAndMissingValuesAreLeftOut) {
  const Json tpl = {{"data", {{"id", "{{user.id}}"}, {"nick", "{{user.nick}}"}, {"fixed", 1}}},
                    {"refreshToken", "{{refresh_token}}"},
                    {"list", {"{{message}}", "{{nothing}}"}}};
  const Json values = {{"user", {{"id", "u1"}}}, {"message", "hi"}};
  EXPECT_EQ(renderResponse(tpl, values),
            (Json{{"data", {{"id", "u1"}, {"fixed", 1}}}, {"list", {"hi"}}}));
}

TEST(RenderResponse, PlaceholdersInsideTextAreSubstitutedOnce) {
  const Json tpl = {{"message", "Welcome {{user.name}} ({{role}})"}};
  const Json values = {{"user", {{"name", "{{role}}"}}}, {"role", 5}};
  EXPECT_EQ(renderResponse(tpl, values)["message"], "Welcome {{role}} (5)");
}

TEST(UnknownPlaceholder, NamesTheFirstUnknownName) {
  const Json known = {"user", "message"};
  EXPECT_FALSE(unknownPlaceholder(Json{{"a", "{{user.id}}"}, {"b", "x {{message}}"}}, known));
  EXPECT_EQ(unknownPlaceholder(Json{{"a", {"{{usr}}"}}}, known), "usr");
}

}  // namespace
}  // namespace atrium::plugins::accounts

#include "plugins/accounts/domain/settings.hpp"

#include <gtest/gtest.h>

namespace atrium::plugins::accounts {
namespace {

using Json = nlohmann::json;

// The config block as the host hands it over: every default applied (durations in ms).
Json defaults() {
  const Json code = {
      {"ttl", 900000}, {"max_attempts", 5}, {"resend_cooldown", 60000}, {"link_url", ""}};
  Json verification = code;
  verification["mode"] = "off";
  verification["issue_tokens"] = false;
  Json reset = code;
  reset["mode"] = "code";
  reset["reveal_unknown"] = false;
  reset["unknown_status"] = 404;
  Json phone = code;
  phone["phone_field"] = "phoneNumber";
  phone["create_accounts"] = true;
  return {
      {"roles",
       {{"default", "user"},
        {"admin", "admin"},
        {"by_route", Json::object()},
        {"from_body", Json::array()},
        {"scoped", false}}},
      {"fields", {{"email", "email"}, {"phone", "phone"}, {"password", "password"}}},
      {"passwords", {{"min_length", 8}}},
      {"register",
       {{"required", {"email"}},
        {"terms", false},
        {"issue_tokens", true},
        {"duplicate_status", 409}}},
      {"login",
       {{"by", "identifier"}, {"require_verified_email", false}, {"unverified_status", 403}}},
      {"tokens", {{"refresh_ttl", 604800000}, {"claims", Json::object()}}},
      {"verification", verification},
      {"reset", reset},
      {"phone_login", phone},
      {"profile", {{"editable", {"name"}}, {"extra", Json::array()}, {"max_extra_length", 65536}}},
      {"messages", {{"scripts", "accounts/messages"}, {"language", "en"}}},
      {"texts", Json::object()},
      {"user", Json::object()},
      {"responses", Json::object()},
      {"statuses", Json::object()}};
}

TEST(ParseSettings, DefaultsGiveEnglishTextsAndDefaultShapes) {
  const Settings s = parseSettings(defaults());
  EXPECT_EQ(s.login_by, LoginBy::kIdentifier);
  EXPECT_EQ(s.refresh_ttl_seconds, 604800);
  EXPECT_EQ(s.reset.ttl_seconds, 900);
  EXPECT_EQ(s.verification.mode, CodeMode::kOff);
  EXPECT_EQ(s.text("invalid_credentials"), "Invalid credentials");
  EXPECT_EQ(s.status("register"), 201);
  EXPECT_EQ(s.status("login"), 200);
  EXPECT_TRUE(s.responses.at("login").contains("accessToken"));
  EXPECT_EQ(s.user_view.at("id"), "id");
}

TEST(ParseSettings, ProductOverridesReplaceDefaults) {
  Json config = defaults();
  config["texts"]["invalid_credentials"] = "Parol noto'g'ri";
  config["responses"]["login"] = {{"success", true}, {"user", "{{user}}"}};
  config["statuses"]["login"] = 202;
  config["user"] = {{"fullName", "name"}};
  const Settings s = parseSettings(config);
  EXPECT_EQ(s.text("invalid_credentials"), "Parol noto'g'ri");
  EXPECT_EQ(s.responses.at("login"), (Json{{"success", true}, {"user", "{{user}}"}}));
  EXPECT_EQ(s.status("login"), 202);
  EXPECT_EQ(s.user_view, (std::map<std::string, std::string>{{"fullName", "name"}}));
}

TEST(ParseSettings, RefusesWhatTheSchemaCannotCheck) {
  const auto refused = [](const std::function<void(Json&)>& change, const std::string& what) {
    Json config = defaults();
    change(config);
    try {
      parseSettings(config);
      ADD_FAILURE() << "accepted: " << what;
    } catch (const SettingsError& e) {
      EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
    }
  };
  refused([](Json& c) { c["texts"]["no_such_text"] = "x"; }, "texts.no_such_text");
  refused([](Json& c) { c["responses"]["no_such_handler"] = Json::object(); },
          "responses.no_such_handler");
  refused([](Json& c) { c["responses"]["login"] = {{"t", "{{password}}"}}; }, "{{password}}");
  refused([](Json& c) { c["user"] = {{"hash", "password_hash"}}; }, "password_hash");
  refused([](Json& c) { c["statuses"]["nope"] = 200; }, "statuses.nope");
  refused([](Json& c) { c["reset"]["mode"] = "link"; }, "reset.link_url");
}

}  // namespace
}  // namespace atrium::plugins::accounts

namespace atrium::plugins::accounts {
namespace {

TEST(ParseSettings, ListUsersHasItsOwnLimitsAndEntryView) {
  Json config = defaults();
  Settings s = parseSettings(config);
  EXPECT_EQ(s.list_limits.default_limit, 50);
  EXPECT_EQ(s.list_limits.max_limit, 500);
  EXPECT_EQ(s.list_user_view, s.user_view) << "entries default to the user view";
  config["user"] = {{"fullName", "name"}, {"isVerified", "email_verified"}};
  config["list_users"] = {{"default_limit", 20},
                          {"max_limit", 100},
                          {"max_search_length", 30},
                          {"user", {{"id", "id"}, {"fullName", "name"}}}};
  config["responses"]["list_users"] = {{"data", "{{users}}"}, {"next", "{{next_offset}}"}};
  s = parseSettings(config);
  EXPECT_EQ(s.list_limits.default_limit, 20);
  EXPECT_EQ(s.list_limits.max_limit, 100);
  EXPECT_EQ(s.list_limits.max_search_length, 30u);
  EXPECT_EQ(s.list_user_view.size(), 2u);
  EXPECT_EQ(s.user_view.size(), 2u);
  EXPECT_EQ(s.user_view.count("isVerified"), 1u);

  config["list_users"]["user"] = {{"hash", "password_hash"}};
  EXPECT_THROW(parseSettings(config), SettingsError) << "the hash is not a user field";
  config["list_users"] = {{"default_limit", 200}, {"max_limit", 100}};
  EXPECT_THROW(parseSettings(config), SettingsError);
}

}  // namespace
}  // namespace atrium::plugins::accounts

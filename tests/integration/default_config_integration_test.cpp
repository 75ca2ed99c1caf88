// What `make run` serves: config/default.yaml is Taklifnoma's config/taklifnoma.yaml, served as
// the file it is (relative paths from config/, the built plugins, the repository's scripts and
// migrations), with nothing from the environment. The SDK's hello example YAML stays valid too.
#include <gtest/gtest.h>

#include "tests/support/temp_dir.hpp"
#include "tests/support/test_server.hpp"

namespace atrium::testing {
namespace {

using Json = nlohmann::json;

TEST(DefaultConfigTest, MakeRunServesTaklifnomaWithNothingFromTheEnvironment) {
  TestServerOptions options;
  options.config_file = sourceDir() / "config" / "default.yaml";
  TestServer server("", options);
  EXPECT_EQ(server.client().get("/health").status, 200);

  const auto registered =
      server.client().postJson("/api/auth/register", {{"fullName", "Aziz Karimov"},
                                                      {"phone", "+998901234567"},
                                                      {"email", "aziz@example.uz"},
                                                      {"password", "Kuchli-parol-2026"}});
  ASSERT_EQ(registered.status, 201) << registered.body;
  EXPECT_EQ(registered.json()["data"]["requireVerification"], true);
  // Unverified: the contract's 401 in Uzbek.
  const auto login = server.client().postJson(
      "/api/auth/login", {{"identifier", "aziz@example.uz"}, {"password", "Kuchli-parol-2026"}});
  EXPECT_EQ(login.status, 401) << login.body;
  EXPECT_EQ(login.json()["message"], "Iltimos, avval emailingizni tasdiqlang");

  const auto page = server.client().get("/api/weddings/yoq-toy");
  EXPECT_EQ(page.status, 404);
  EXPECT_EQ(page.json(), (Json{{"success", false}, {"message", "To'y topilmadi"}}));
  EXPECT_EQ(server.client().postJson("/api/weddings", Json::object()).status, 401);
}

TEST(DefaultConfigTest, TheHelloExampleStillServes) {
  TestServerOptions options;
  options.config_file = sourceDir() / "sdk" / "examples" / "hello" / "hello.yaml";
  options.env["ATRIUM_GREETING"] = "Salom";
  TestServer server("", options);
  EXPECT_EQ(server.client().get("/api/hello?name=Ada").json()["message"], "Salom, Ada!");
}

}  // namespace
}  // namespace atrium::testing

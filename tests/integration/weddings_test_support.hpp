#pragma once

// Shared by the weddings integration suites: the real atrium binary serving the weddings plugin
// with the test product tests/integration/weddings_taklifnoma.yaml (tokens from the authkit
// fixture), on SQLite (a file in the test's directory) and on PostgreSQL.

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "tests/host/db/test_database.hpp"
#include "tests/support/test_server.hpp"

namespace atrium::testing::weddings {

using Json = nlohmann::json;

inline constexpr const char* kJwtSecret = "weddings-integration-secret-0123456789-abcdef";

// A wedding's creation body as the product's client sends it.
inline Json weddingBody(const std::string& groom = "Aziz", const std::string& bride = "Malika") {
  return {{"groomName", groom},
          {"brideName", bride},
          {"weddingDate", "2026-06-12"},
          {"weddingLocation", "Toshkent, Navro'z to'yxonasi"},
          {"language", "uz"}};
}

class WeddingsServerTest : public host::db::testing::BothBackendsTest {
 protected:
  // The test product's YAML text, to start as it is or changed.
  static std::string productYaml() {
    return readFile(sourceDir() / "tests" / "integration" / "weddings_taklifnoma.yaml");
  }
  // What the YAML needs from the environment: the JWT secret and this test's database.
  TestServerOptions serverOptions() const {
    TestServerOptions options;
    options.env["WEDDINGS_TEST_JWT_SECRET"] = kJwtSecret;
    options.env["ATRIUM_DATABASE_URL"] = GetParam() == host::db::Backend::kSqlite
                                             ? "sqlite://" + (dir_.path() / "w.db").string()
                                             : url_text_;
    return options;
  }
  // (Re)starts the server with `yaml` (default: the product YAML) and `options` (default:
  // serverOptions()).
  void startServer(const std::string& yaml = productYaml()) { startServer(yaml, serverOptions()); }
  void startServer(const std::string& yaml, TestServerOptions options) {
    server_.reset();
    server_ = std::make_unique<TestServer>(yaml, std::move(options));
  }

  // A USER access token of `user` (from the authkit fixture).
  std::string token(const std::string& user) {
    const auto res = server_->client().postJson("/issue", {{"sub", user}, {"role", "USER"}});
    EXPECT_EQ(res.status, 200) << res.body;
    return res.json().value("token", "");
  }
  Headers as(const std::string& user) { return {{"Authorization", "Bearer " + token(user)}}; }

  // POST /api/weddings as `who`, expecting `status`; the answer's JSON.
  Json createWedding(const Headers& who, const Json& body = weddingBody(), int status = 201) {
    const auto res = server_->client().postJson("/api/weddings", body, who);
    EXPECT_EQ(res.status, status) << res.body;
    return res.json();
  }

  std::unique_ptr<TestServer> server_;
};

}  // namespace atrium::testing::weddings

#include "host/services/auth/key_loader.hpp"

#include <sys/stat.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "host/services/auth/auth_service.hpp"
#include "tests/support/captured_log.hpp"
#include "tests/support/temp_dir.hpp"

namespace atrium::host::auth {
namespace {

namespace fs = std::filesystem;

class KeyLoaderTest : public ::testing::Test {
 protected:
  common::Logger logger() const { return common::Logger(log_.sink(), "host.auth"); }
  testing::CapturedLog log_;
  testing::TempDir dir_{"atrium-key-loader"};
};

TEST_F(KeyLoaderTest, ProductionWithoutSecretRefusesToStart) {
  config::AuthConfig auth;
  auth.secret_origin = "app.yaml: auth.secret";
  try {
    loadSigningKey(auth, "production", logger());
    FAIL() << "no exception";
  } catch (const KeyError& e) {
    EXPECT_NE(std::string(e.what()).find("production and no HS256 secret"), std::string::npos)
        << e.what();
  }
}

TEST_F(KeyLoaderTest, ProductionWithShortSecretRefusesToStart) {
  config::AuthConfig auth;
  auth.secret = std::string(31, 's');
  EXPECT_THROW(loadSigningKey(auth, "production", logger()), KeyError);
  auth.secret = std::string(32, 's');
  EXPECT_NO_THROW(loadSigningKey(auth, "production", logger()));
  EXPECT_EQ(log_.text().find(auth.secret), std::string::npos);
}

TEST_F(KeyLoaderTest, DevelopmentGeneratesTheSecretOnceAndReusesIt) {
  config::AuthConfig auth;
  auth.secret_file = (dir_ / "var/app.jwt_secret").string();
  const auto first = loadSigningKey(auth, "development", logger());
  ASSERT_TRUE(fs::exists(auth.secret_file));
  struct stat st {};
  ASSERT_EQ(::stat(auth.secret_file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const std::string secret = dir_.read("var/app.jwt_secret");
  EXPECT_GE(secret.size(), 64u);  // 48 bytes base64url + newline
  const std::string log_after_first = log_.text();
  EXPECT_NE(log_after_first.find("generated a development secret"), std::string::npos);
  EXPECT_EQ(log_after_first.find(secret.substr(0, 40)), std::string::npos);

  const auto second = loadSigningKey(auth, "development", logger());
  EXPECT_EQ(dir_.read("var/app.jwt_secret"), secret);
  EXPECT_EQ(first->sign("x"), second->sign("x"));
  // Warned once: the second start read the file without a new warning.
  EXPECT_EQ(log_.text(), log_after_first);
}

TEST_F(KeyLoaderTest, DevelopmentSecretFileReadableByOthersIsRefused) {
  config::AuthConfig auth;
  auth.secret_file = dir_.write("loose.secret", std::string(48, 'k')).string();
  ::chmod(auth.secret_file.c_str(), 0644);
  EXPECT_THROW(loadSigningKey(auth, "development", logger()), KeyError);
  ::chmod(auth.secret_file.c_str(), 0600);
  EXPECT_NO_THROW(loadSigningKey(auth, "development", logger()));
}

TEST_F(KeyLoaderTest, CheckConfigDoesNotCreateTheFile) {
  config::AuthConfig auth;
  auth.secret_file = (dir_ / "var/none.jwt_secret").string();
  EXPECT_NO_THROW(loadSigningKey(auth, "development", logger(), KeyLoadOptions{false}));
  EXPECT_FALSE(fs::exists(auth.secret_file));
}

TEST_F(KeyLoaderTest, Rs256KeyFilesThatAreMissingOrWrongAreClearErrors) {
  config::AuthConfig auth;
  auth.algorithm = config::TokenAlgorithm::kRS256;
  auth.private_key_file = (dir_ / "missing.pem").string();
  try {
    loadSigningKey(auth, "production", logger());
    FAIL() << "no exception";
  } catch (const KeyError& e) {
    EXPECT_NE(std::string(e.what()).find("auth.private_key_file: cannot read"), std::string::npos)
        << e.what();
  }
  auth.private_key_file = dir_.write("bad.pem", "-----BEGIN NONSENSE-----\n").string();
  EXPECT_THROW(loadSigningKey(auth, "production", logger()), KeyError);
}

TEST_F(KeyLoaderTest, AuthServiceFromAHostConfig) {
  config::HostConfig config;
  config.environment = "development";
  config.auth.secret = "a-development-secret-of-enough-length";
  const auto service = AuthService::create(config, logger());
  const auto issued = service->tokens().issue({{"sub", "1"}});
  EXPECT_TRUE(service->tokens().verify(issued.token).valid());
  EXPECT_TRUE(service->config().secret.empty());  // key material lives in the key only
}

}  // namespace
}  // namespace atrium::host::auth

// The ABI 1.2 auth entries of the host table: status codes, buffers, no exceptions.
#include <gtest/gtest.h>

#include "host/plugin/host_api.hpp"
#include "host/services/auth/auth_service.hpp"
#include "tests/support/captured_log.hpp"

namespace atrium::host::plugin {
namespace {

atrium_str s(std::string_view text) { return atrium_str{text.data(), text.size()}; }

class HostApiAuthTest : public ::testing::Test {
 protected:
  HostApiAuthTest() {
    config::AuthConfig config;
    config.passwords.memory_kib = 1024;
    config.passwords.iterations = 1;
    config.passwords.max_password_bytes = 64;
    service_ = std::make_unique<auth::AuthService>(
        config, auth::makeHs256Key("host-api-auth-test-secret-0123456789"));
    plugin_.auth = service_.get();
  }
  atrium_plugin_ctx* ctx() { return toAbi(&plugin_); }
  atrium_plugin_ctx* bare() { return toAbi(&no_auth_); }

  atrium_host_api api_ = makeHostApi();
  testing::CapturedLog log_;
  std::unique_ptr<auth::AuthService> service_;
  PluginContext plugin_{log_.sink(), "accounts"};
  PluginContext no_auth_{log_.sink(), "other"};
};

TEST_F(HostApiAuthTest, PasswordHashAndVerify) {
  char out[ATRIUM_PASSWORD_HASH_CAPACITY];
  size_t len = 0;
  ASSERT_EQ(api_.password_hash(ctx(), s("pw"), out, sizeof out, &len), ATRIUM_OK);
  const std::string hash(out, len);
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u);
  int32_t match = -1;
  int32_t rehash = -1;
  EXPECT_EQ(api_.password_verify(ctx(), s("pw"), s(hash), &match, &rehash), ATRIUM_OK);
  EXPECT_EQ(match, 1);
  EXPECT_EQ(rehash, 0);
  EXPECT_EQ(api_.password_verify(ctx(), s("nope"), s(hash), &match, &rehash), ATRIUM_OK);
  EXPECT_EQ(match, 0);
  EXPECT_EQ(api_.password_verify(ctx(), s("pw"), s("garbage"), &match, &rehash),
            ATRIUM_ERR_INTERNAL);
  EXPECT_EQ(match, 0);
  EXPECT_EQ(api_.password_hash(ctx(), s(std::string(65, 'x')), out, sizeof out, &len),
            ATRIUM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(api_.password_verify(ctx(), s(std::string(65, 'x')), s(hash), &match, &rehash),
            ATRIUM_ERR_INVALID_ARGUMENT);
  // Too small a buffer: the size needed, nothing written past it.
  char small[8] = {};
  EXPECT_EQ(api_.password_hash(ctx(), s("pw"), small, sizeof small, &len),
            ATRIUM_ERR_INVALID_ARGUMENT);
  EXPECT_GT(len, sizeof small);
  EXPECT_EQ(log_.text().find("\"pw\""), std::string::npos);
}

TEST_F(HostApiAuthTest, TokenIssue) {
  std::string out(4096, '\0');
  size_t len = 0;
  int64_t exp = 0;
  ASSERT_EQ(api_.token_issue(ctx(), nullptr, s(R"({"sub":"u1","role":"admin"})"), out.data(),
                             out.size(), &len, &exp),
            ATRIUM_OK);
  out.resize(len);
  const auto verdict = service_->tokens().verify(out);
  ASSERT_TRUE(verdict.valid());
  EXPECT_EQ(verdict.claims["sub"], "u1");
  EXPECT_EQ(verdict.claims["exp"], exp);
  EXPECT_EQ(service_->metrics().issued(), 1u);

  char buf[16];
  EXPECT_EQ(api_.token_issue(ctx(), nullptr, s(R"({"sub":"u1"})"), buf, sizeof buf, &len, &exp),
            ATRIUM_ERR_INVALID_ARGUMENT);
  EXPECT_GT(len, sizeof buf);
  EXPECT_EQ(api_.token_issue(ctx(), nullptr, s("{not json"), buf, sizeof buf, &len, &exp),
            ATRIUM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(api_.token_issue(ctx(), nullptr, s(R"({"sub":"u","admin":true})"), buf, sizeof buf,
                             &len, &exp),
            ATRIUM_ERR_INVALID_ARGUMENT);
  EXPECT_NE(log_.text().find("token_issue: claim 'admin' is not allowed"), std::string::npos);
}

TEST_F(HostApiAuthTest, RandomAndSha256) {
  uint8_t bytes[32] = {};
  EXPECT_EQ(api_.random_bytes(ctx(), bytes, sizeof bytes), ATRIUM_OK);
  EXPECT_EQ(api_.random_bytes(ctx(), bytes, ATRIUM_RANDOM_MAX_BYTES + 1),
            ATRIUM_ERR_INVALID_ARGUMENT);
  char token[64];
  size_t len = 0;
  EXPECT_EQ(api_.random_token(ctx(), 32, token, sizeof token, &len), ATRIUM_OK);
  EXPECT_EQ(len, 43u);
  EXPECT_EQ(api_.random_token(ctx(), 0, token, sizeof token, &len), ATRIUM_ERR_INVALID_ARGUMENT);
  uint8_t digest[32];
  EXPECT_EQ(api_.sha256(ctx(), s("abc"), digest), ATRIUM_OK);
  EXPECT_EQ(digest[0], 0xba);
  EXPECT_EQ(digest[31], 0xad);
  EXPECT_EQ(api_.sha256(ctx(), atrium_str{nullptr, 0}, digest), ATRIUM_OK);
  EXPECT_EQ(digest[0], 0xe3);  // SHA-256("") = e3b0c442...
  EXPECT_EQ(api_.sha256(ctx(), atrium_str{nullptr, 3}, digest), ATRIUM_ERR_INVALID_ARGUMENT);
}

TEST_F(HostApiAuthTest, WithoutTheServiceEverythingIsUnavailable) {
  char out[ATRIUM_PASSWORD_HASH_CAPACITY];
  size_t len = 0;
  int32_t match = 0;
  int64_t exp = 0;
  EXPECT_EQ(api_.password_hash(bare(), s("pw"), out, sizeof out, &len), ATRIUM_ERR_UNAVAILABLE);
  EXPECT_EQ(api_.password_verify(bare(), s("pw"), s("x"), &match, nullptr), ATRIUM_ERR_UNAVAILABLE);
  EXPECT_EQ(api_.token_issue(bare(), nullptr, s("{}"), out, sizeof out, &len, &exp),
            ATRIUM_ERR_UNAVAILABLE);
  EXPECT_EQ(api_.password_hash(nullptr, s("pw"), out, sizeof out, &len), ATRIUM_ERR_UNAVAILABLE);
}

}  // namespace
}  // namespace atrium::host::plugin

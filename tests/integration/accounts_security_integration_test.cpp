// Security properties of the accounts plugin through the real binary (Taklifnoma's contract,
// tests/integration/accounts_taklifnoma.yaml), on SQLite and PostgreSQL: forged tokens refused,
// refresh reuse revokes the family, login brute force limited, OTP attempts exhausted, no secret
// in any answer or log line, SQL injection strings stored verbatim, oversized bodies refused.
#include <ctime>
#include <regex>

#include <gtest/gtest.h>
#include <openssl/hmac.h>

#include "tests/integration/accounts_test_support.hpp"

namespace atrium::testing::accounts {
namespace {

constexpr const char* kPassword = "maxfiy-parol-1";

std::string base64Url(const std::string& bytes) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const uint32_t n =
        (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8) | uint8_t(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) out += kAlphabet[(n >> shift) & 63];
  }
  if (i + 1 == bytes.size()) {
    const uint32_t n = uint8_t(bytes[i]) << 16;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
  } else if (i + 2 == bytes.size()) {
    const uint32_t n = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8);
    for (int shift : {18, 12, 6}) out += kAlphabet[(n >> shift) & 63];
  }
  return out;
}

std::string base64UrlDecode(const std::string& text) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const char* at = std::strchr(alphabet, c);
    if (at == nullptr || c == '\0') break;
    buffer = (buffer << 6) | uint32_t(at - alphabet);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += char((buffer >> bits) & 0xff);
    }
  }
  return out;
}

std::string hs256(const std::string& signing_input, const std::string& secret) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), int(secret.size()),
       reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size(), digest,
       &len);
  return base64Url(std::string(reinterpret_cast<const char*>(digest), len));
}

// A token with the same claims as `token` but `changes` applied, signed with `secret`
// (or unsigned with alg "none" when `secret` is empty).
std::string reforged(const std::string& token, const Json& changes, const std::string& secret) {
  const size_t dot = token.find('.');
  Json payload = Json::parse(base64UrlDecode(token.substr(dot + 1, token.rfind('.') - dot - 1)));
  payload.update(changes);
  const Json header = secret.empty() ? Json{{"alg", "none"}, {"typ", "JWT"}}
                                     : Json{{"alg", "HS256"}, {"typ", "JWT"}};
  const std::string input = base64Url(header.dump()) + "." + base64Url(payload.dump());
  return input + "." + (secret.empty() ? std::string() : hs256(input, secret));
}

class AccountsSecurityTest : public host::db::testing::BothBackendsTest {
 protected:
  void SetUp() override {
    BothBackendsTest::SetUp();
    if (HasFatalFailure()) return;
    server_ = startAccounts("accounts_taklifnoma.yaml",
                            serverDatabaseUrl(GetParam(), url_text_, dir_.path()));
  }

  // Registers, verifies and logs in; returns the login answer. Records what it sent and got.
  Json account(const std::string& email, const std::string& phone, const Json& extra = {}) {
    Json body = {{"fullName", "Aziz"}, {"email", email}, {"phone", phone}, {"password", kPassword}};
    if (!extra.is_null()) body.update(extra);
    record(server_->client().postJson("/api/auth/register", body), 201);
    const std::string code = codeSentTo(*server_, "mail", email);
    secrets_.push_back(code);
    record(server_->client().postJson("/api/auth/verify", {{"email", email}, {"code", code}}), 200);
    const std::string password = body["password"];
    return record(server_->client().postJson("/api/auth/login",
                                             {{"identifier", email}, {"password", password}}),
                  200);
  }

  Json record(const Response& res, int status) {
    EXPECT_EQ(res.status, status) << res.body;
    bodies_ += res.body + "\n";
    Json body = Json::parse(res.body, nullptr, false);
    for (const char* key : {"accessToken", "refreshToken"}) {
      if (body.is_object() && body.contains(key)) secrets_.push_back(body[key]);
    }
    return body;
  }

  std::unique_ptr<TestServer> server_;
  std::string bodies_;
  std::vector<std::string> secrets_;
};
INSTANTIATE_TEST_SUITE_P(Backends, AccountsSecurityTest, host::db::testing::kBothBackends,
                         host::db::testing::testBackendName);

TEST_P(AccountsSecurityTest, ForgedTamperedExpiredAndAlgNoneTokensAreRefused) {
  const std::string token = account("tok@example.com", "+998901000001")["accessToken"];
  auto client = server_->client();
  ASSERT_EQ(client.get("/api/user/profile", bearer(token)).status, 200);
  const auto refused = [&](const std::string& forged, const char* message) {
    const auto res = client.get("/api/user/profile", bearer(forged));
    EXPECT_EQ(res.status, 401) << forged;
    EXPECT_EQ(res.json(), (Json{{"message", message}})) << forged;
  };
  std::string tampered = token;
  tampered[tampered.find('.') + 5] ^= 1;  // one bit of the payload
  refused(tampered, "Token yaroqsiz");
  refused(reforged(token, {{"role", "ADMIN"}}, "another-secret-of-the-same-length-0123456"),
          "Token yaroqsiz");
  refused(reforged(token, {{"role", "ADMIN"}}, ""), "Token yaroqsiz");
  const int64_t now = std::time(nullptr);
  refused(reforged(token, {{"iat", now - 7200}, {"exp", now - 3600}}, kJwtSecret),
          "Token muddati tugagan");
  refused("", "Token yaroqsiz");  // "Bearer " and nothing
  EXPECT_EQ(client.get("/api/user/profile").json(),
            (Json{{"message", "Avtorizatsiya talab qilinadi"}}));
  // The same re-signing with the right secret is accepted: the checks above are not vacuous.
  EXPECT_EQ(
      client.get("/api/user/profile", bearer(reforged(token, {{"exp", now + 600}}, kJwtSecret)))
          .status,
      200);
}

TEST_P(AccountsSecurityTest, ReusingARotatedRefreshTokenRevokesTheWholeFamily) {
  const Json session = account("reuse@example.com", "+998901000002");
  const Json other =
      record(server_->client().postJson(
                 "/api/auth/login", {{"identifier", "reuse@example.com"}, {"password", kPassword}}),
             200);
  auto client = server_->client();
  const std::string first = session["refreshToken"];
  const std::string second =
      record(client.postJson("/api/auth/refresh", {{"refreshToken", first}}), 200)["refreshToken"];
  // The thief (or the victim) presents the rotated token: refused, and the family dies.
  record(client.postJson("/api/auth/refresh", {{"refreshToken", first}}), 401);
  ASSERT_TRUE(
      server_->waitForLog("refresh token reused after rotation: its session family was revoked"));
  record(client.postJson("/api/auth/refresh", {{"refreshToken", second}}), 401);
  // Another login is another family: untouched.
  record(client.postJson("/api/auth/refresh", {{"refreshToken", other["refreshToken"]}}), 200);
}

TEST_P(AccountsSecurityTest, LoginBruteForceIsLimitedCountingFailuresOnly) {
  account("brute@example.com", "+998901000003");
  auto client = server_->client();
  const auto attempt = [&](const std::string& password) {
    return client.postJson("/api/auth/login",
                           {{"identifier", "brute@example.com"}, {"password", password}});
  };
  for (int i = 0; i < 3; ++i) EXPECT_EQ(attempt(kPassword).status, 200) << "successes do not count";
  for (int i = 0; i < 4; ++i) EXPECT_EQ(attempt("guess-" + std::to_string(i)).status, 401);
  // account() itself made one successful login: 4 failures so far, the 5th is still answered.
  EXPECT_EQ(attempt("guess-4").status, 401);
  const auto limited = attempt(kPassword);
  EXPECT_EQ(limited.status, 429) << "even the right password is refused now";
  EXPECT_EQ(
      limited.json(),
      (Json{{"success", false}, {"message", "Juda ko'p urinish. Keyinroq qayta urinib ko'ring"}}));
  EXPECT_GE(std::stoi(limited.header("Retry-After")), 1);
}

TEST_P(AccountsSecurityTest, OtpAttemptsAreExhausted) {
  auto client = server_->client();
  record(client.postJson("/api/auth/send-code", {{"phoneNumber", "+998931112233"}}), 200);
  const std::string code = codeSentTo(*server_, "sms", "+998931112233");
  ASSERT_EQ(code.size(), 6u);
  std::vector<std::string> wrong;
  for (int i = 0; wrong.size() < 5; ++i) {
    const std::string guess = std::to_string(100000 + i * 111);
    if (guess != code) wrong.push_back(guess);
  }
  const auto verify = [&](const std::string& guess) {
    return client.postJson("/api/auth/verify-code",
                           {{"phoneNumber", "+998931112233"}, {"code", guess}});
  };
  for (int i = 0; i < 4; ++i) {
    const auto res = verify(wrong[i]);
    EXPECT_EQ(res.status, 400);
    EXPECT_EQ(res.json()["message"], "Kod noto'g'ri");
  }
  const auto exhausted = verify(wrong[4]);
  EXPECT_EQ(exhausted.status, 429);
  EXPECT_EQ(exhausted.json()["message"], "Urinishlar soni tugadi, yangi kod so'rang");
  EXPECT_EQ(verify(code).status, 400) << "the right code after the budget is spent is void";
  ASSERT_TRUE(server_->waitForLog("one-time code attempts exhausted: phone_login"));
}

TEST_P(AccountsSecurityTest, NoPasswordHashTokenOrCodeInAnyAnswerOrLogLine) {
  const Json session = account("quiet@example.com", "+998901000004");
  auto client = server_->client();
  const Headers auth = bearer(session["accessToken"]);
  record(client.get("/api/user/profile", auth), 200);
  record(client.postJson("/api/auth/refresh", {{"refreshToken", session["refreshToken"]}}), 200);
  record(client.postJson("/api/auth/forgot-password", {{"email", "quiet@example.com"}}), 200);
  const std::string reset_code = codeSentTo(*server_, "mail", "quiet@example.com", 2);
  secrets_.push_back(reset_code);
  record(client.postJson("/api/auth/reset-password", {{"email", "quiet@example.com"},
                                                      {"code", reset_code},
                                                      {"newPassword", "yangi-maxfiy-parol"}}),
         200);
  record(client.postJson("/api/auth/send-code", {{"phoneNumber", "+998931000004"}}), 200);
  const std::string sms_code = codeSentTo(*server_, "sms", "+998931000004");
  secrets_.push_back(sms_code);
  record(client.postJson("/api/auth/verify-code",
                         {{"phoneNumber", "+998931000004"}, {"code", sms_code}}),
         200);
  record(client.postJson("/api/auth/login",
                         {{"identifier", "quiet@example.com"}, {"password", "wrong-password"}}),
         401);
  EXPECT_EQ(server_->stop(), 0);

  const std::string log = server_->logText();
  ASSERT_GT(log.size(), 1000u);
  for (const std::string& text : {bodies_, log}) {
    EXPECT_EQ(text.find("$argon2"), std::string::npos);
    EXPECT_EQ(text.find(kPassword), std::string::npos);
    EXPECT_EQ(text.find("yangi-maxfiy-parol"), std::string::npos);
    EXPECT_EQ(text.find("wrong-password"), std::string::npos);
  }
  for (const std::string& secret : secrets_) {
    ASSERT_FALSE(secret.empty());
    if (secret.size() == 6) {
      // Codes: as a whole number anywhere in the log, or in any answer.
      EXPECT_FALSE(std::regex_search(log, std::regex("(^|[^0-9])" + secret + "([^0-9]|$)")))
          << "code in the log";
      EXPECT_EQ(bodies_.find(secret), std::string::npos) << "code in an answer";
    } else {
      EXPECT_EQ(log.find(secret), std::string::npos) << "token in the log";
      EXPECT_EQ(log.find(secret.substr(secret.size() - 20)), std::string::npos);
    }
  }
}

TEST_P(AccountsSecurityTest, SqlInjectionStringsAreStoredVerbatimAndHarmless) {
  const std::string name = "Robert'); DROP TABLE accounts_users;--";
  const std::string email = "o'hara'--@example.com";
  const std::string password = "' OR '1'='1' --";
  const Json session =
      account(email, "+998901000005", {{"fullName", name}, {"password", password}});
  EXPECT_EQ(session["user"]["fullName"], name);
  EXPECT_EQ(session["user"]["email"], email);
  auto client = server_->client();
  const Headers auth = bearer(session["accessToken"]);
  const std::string bio_name = "x' UNION SELECT password_hash FROM accounts_users --";
  auto res = client.request("PUT", "/api/user/profile", auth, Json{{"fullName", bio_name}}.dump());
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(client.get("/api/user/profile", auth).json()["data"]["fullName"], bio_name);
  // Four failures: the login limiter (5 failures per 15 min) still lets the last login through.
  for (const std::string identifier :
       {"' OR '1'='1", "o'hara'--@example.com' --", "\" OR 1=1 --", "%"}) {
    EXPECT_EQ(
        client
            .postJson("/api/auth/login", {{"identifier", identifier}, {"password", "' OR '1'='1"}})
            .status,
        401)
        << identifier;
  }
  EXPECT_EQ(client.postJson("/api/auth/refresh", {{"refreshToken", "' OR 1=1 --"}}).status, 401);
  EXPECT_EQ(
      client.postJson("/api/auth/verify", {{"email", email}, {"code", "1' OR '1'='1"}}).status,
      400);
  EXPECT_EQ(client.postJson("/api/auth/forgot-password", {{"email", "' OR 1=1 --"}}).status, 400);
  // The table is intact: a second account registers and logs in.
  account("after@example.com", "+998901000006");
  EXPECT_EQ(
      client.postJson("/api/auth/login", {{"identifier", email}, {"password", password}}).status,
      200);
}

TEST_P(AccountsSecurityTest, OversizedBodiesAndFieldsAreRefused) {
  auto client = server_->client();
  const Json huge = {{"fullName", std::string(20000, 'x')},
                     {"email", "big@example.com"},
                     {"phone", "+998901000007"},
                     {"password", kPassword}};
  auto res = client.postJson("/api/auth/register", huge);
  EXPECT_EQ(res.status, 413);
  Json long_name = huge;
  long_name["fullName"] = std::string(2000, 'x');
  res = client.postJson("/api/auth/register", long_name);
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(res.json()["message"], "fullName must be at most 1024 bytes");
  Json long_password = huge;
  long_password["fullName"] = "ok";
  long_password["password"] = std::string(1100, 'p');
  res = client.postJson("/api/auth/register", long_password);
  EXPECT_EQ(res.status, 400);
  // Nothing was written: the address is still free.
  Json fine = huge;
  fine["fullName"] = "ok";
  EXPECT_EQ(client.postJson("/api/auth/register", fine).status, 201);
}

}  // namespace
}  // namespace atrium::testing::accounts

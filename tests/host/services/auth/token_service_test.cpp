#include "host/services/auth/token_service.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "host/services/auth/base64url.hpp"

namespace atrium::host::auth {
namespace {

using Json = nlohmann::json;

constexpr int64_t kNow = 1'800'000'000;
const std::string kSecret = "0123456789abcdef0123456789abcdef-test-secret";

config::AuthConfig baseConfig() {
  config::AuthConfig config;
  config.access_ttl = std::chrono::seconds(900);
  config.leeway = std::chrono::seconds(30);
  return config;
}

struct Clock {
  int64_t now = kNow;
  TokenService::Clock fn() {
    return [this] { return now; };
  }
};

std::string b64(const Json& value) { return base64UrlEncode(value.dump()); }

// A token with any header and payload, HMAC-signed with `secret`.
std::string forge(const Json& header, const Json& payload, const std::string& secret = kSecret) {
  const std::string input = b64(header) + "." + b64(payload);
  return input + "." + base64UrlEncode(makeHs256Key(secret)->sign(input));
}

std::pair<std::string, std::string> rsaKeyPair(int bits = 2048) {
  EVP_PKEY* key = EVP_RSA_gen(static_cast<unsigned>(bits));
  BIO* priv = BIO_new(BIO_s_mem());
  BIO* pub = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(priv, key, nullptr, nullptr, 0, nullptr, nullptr);
  PEM_write_bio_PUBKEY(pub, key);
  char* data = nullptr;
  const long priv_len = BIO_get_mem_data(priv, &data);
  std::string private_pem(data, static_cast<size_t>(priv_len));
  const long pub_len = BIO_get_mem_data(pub, &data);
  std::string public_pem(data, static_cast<size_t>(pub_len));
  BIO_free(priv);
  BIO_free(pub);
  EVP_PKEY_free(key);
  return {private_pem, public_pem};
}

class TokenServiceTest : public ::testing::Test {
 protected:
  TokenService make(config::AuthConfig config = baseConfig()) {
    return TokenService(config, makeHs256Key(kSecret), clock_.fn());
  }
  Clock clock_;
};

TEST_F(TokenServiceTest, IssuesAVerifiableHs256Token) {
  const TokenService tokens = make();
  const IssuedToken issued = tokens.issue({{"sub", "user-1"}, {"role", "admin"}});
  EXPECT_EQ(issued.issued_at, kNow);
  EXPECT_EQ(issued.expires_at, kNow + 900);
  EXPECT_EQ(issued.jti.size(), 22u);
  const auto header = Json::parse(*base64UrlDecode(issued.token.substr(0, issued.token.find('.'))));
  EXPECT_EQ(header, (Json{{"alg", "HS256"}, {"typ", "JWT"}}));
  const TokenVerification verdict = tokens.verify(issued.token);
  ASSERT_TRUE(verdict.valid()) << failureName(verdict.failure);
  EXPECT_EQ(verdict.claims["sub"], "user-1");
  EXPECT_EQ(verdict.claims["role"], "admin");
  EXPECT_EQ(verdict.claims["iat"], kNow);
  EXPECT_EQ(verdict.claims["exp"], kNow + 900);
  EXPECT_EQ(verdict.claims["jti"], issued.jti);
  EXPECT_FALSE(verdict.claims.contains("iss"));
  EXPECT_NE(tokens.issue({{"sub", "user-1"}}).jti, issued.jti);
}

TEST_F(TokenServiceTest, TamperedPayloadIsRefused) {
  const TokenService tokens = make();
  const std::string token = tokens.issue({{"sub", "user-1"}, {"role", "user"}}).token;
  const size_t first = token.find('.');
  const size_t second = token.find('.', first + 1);
  Json payload = Json::parse(*base64UrlDecode(token.substr(first + 1, second - first - 1)));
  payload["role"] = "admin";
  const std::string tampered = token.substr(0, first) + "." + b64(payload) + token.substr(second);
  EXPECT_EQ(tokens.verify(tampered).failure, TokenFailure::kSignature);
  // One flipped signature character.
  std::string flipped = token;
  flipped[flipped.size() - 2] = flipped[flipped.size() - 2] == 'A' ? 'B' : 'A';
  EXPECT_EQ(tokens.verify(flipped).failure, TokenFailure::kSignature);
}

TEST_F(TokenServiceTest, TokenSignedWithAnotherSecretIsRefused) {
  const TokenService tokens = make();
  const std::string token =
      forge({{"alg", "HS256"}, {"typ", "JWT"}}, {{"sub", "u"}, {"exp", kNow + 60}},
            "another-secret-another-secret-another");
  EXPECT_EQ(tokens.verify(token).failure, TokenFailure::kSignature);
  EXPECT_TRUE(tokens.verify(forge({{"alg", "HS256"}}, {{"sub", "u"}, {"exp", kNow + 60}})).valid());
}

TEST_F(TokenServiceTest, ExpiredTokenIsRefusedAfterTheLeeway) {
  const TokenService tokens = make();
  const std::string token = tokens.issue({{"sub", "u"}}).token;
  clock_.now = kNow + 900 + 30;  // exp + leeway: still accepted
  EXPECT_TRUE(tokens.verify(token).valid());
  clock_.now = kNow + 900 + 31;
  EXPECT_EQ(tokens.verify(token).failure, TokenFailure::kExpired);
}

TEST_F(TokenServiceTest, LeewayAppliesToNotBeforeAndIssuedAt) {
  const TokenService tokens = make();
  EXPECT_TRUE(tokens
                  .verify(forge(
                      {{"alg", "HS256"}},
                      {{"sub", "u"}, {"exp", kNow + 600}, {"nbf", kNow + 30}, {"iat", kNow + 30}}))
                  .valid());
  EXPECT_EQ(tokens
                .verify(forge({{"alg", "HS256"}},
                              {{"sub", "u"}, {"exp", kNow + 600}, {"nbf", kNow + 31}}))
                .failure,
            TokenFailure::kNotYetValid);
  EXPECT_EQ(tokens
                .verify(forge({{"alg", "HS256"}},
                              {{"sub", "u"}, {"exp", kNow + 600}, {"iat", kNow + 31}}))
                .failure,
            TokenFailure::kNotYetValid);
  auto strict = baseConfig();
  strict.leeway = std::chrono::seconds(0);
  const TokenService no_leeway = make(strict);
  const std::string token = no_leeway.issue({{"sub", "u"}}).token;
  clock_.now = kNow + 901;
  EXPECT_EQ(no_leeway.verify(token).failure, TokenFailure::kExpired);
}

TEST_F(TokenServiceTest, AlgNoneIsRefused) {
  const TokenService tokens = make();
  const Json payload = {{"sub", "u"}, {"exp", kNow + 60}};
  EXPECT_EQ(tokens.verify(b64({{"alg", "none"}}) + "." + b64(payload) + ".").failure,
            TokenFailure::kAlgorithm);
  EXPECT_EQ(tokens.verify(b64({{"alg", "none"}}) + "." + b64(payload) + ".c2ln").failure,
            TokenFailure::kAlgorithm);
  EXPECT_EQ(tokens.verify(b64({{"alg", "None"}}) + "." + b64(payload) + ".c2ln").failure,
            TokenFailure::kAlgorithm);
  EXPECT_EQ(tokens.verify(b64({{"typ", "JWT"}}) + "." + b64(payload) + ".c2ln").failure,
            TokenFailure::kAlgorithm);
}

TEST_F(TokenServiceTest, AnotherAlgorithmInTheHeaderIsRefused) {
  const TokenService tokens = make();
  const Json payload = {{"sub", "u"}, {"exp", kNow + 60}};
  // Signed with the right secret, but the header claims HS512 / RS256 / hs256.
  for (const char* alg : {"HS512", "HS384", "RS256", "ES256", "hs256"}) {
    EXPECT_EQ(tokens.verify(forge({{"alg", alg}}, payload)).failure, TokenFailure::kAlgorithm)
        << alg;
  }
  EXPECT_EQ(tokens.verify(forge({{"alg", 256}}, payload)).failure, TokenFailure::kAlgorithm);
}

TEST_F(TokenServiceTest, Rs256PublicKeyUsedAsHmacSecretIsRefused) {
  // The classic key-confusion attack: an RS256 verifier must not accept an HS256 token signed
  // with its public key.
  const auto [private_pem, public_pem] = rsaKeyPair();
  auto config = baseConfig();
  config.algorithm = config::TokenAlgorithm::kRS256;
  const TokenService rs(config, makeRs256Key(private_pem, public_pem), clock_.fn());
  const std::string forged =
      forge({{"alg", "HS256"}}, {{"sub", "u"}, {"exp", kNow + 60}}, public_pem);
  EXPECT_EQ(rs.verify(forged).failure, TokenFailure::kAlgorithm);
  // And a real RS256 token does not pass an HS256 service.
  const std::string rs_token = rs.issue({{"sub", "u"}}).token;
  EXPECT_TRUE(rs.verify(rs_token).valid());
  EXPECT_EQ(make().verify(rs_token).failure, TokenFailure::kAlgorithm);
}

TEST_F(TokenServiceTest, Rs256VerifyOnlyKeyCannotIssue) {
  const auto [private_pem, public_pem] = rsaKeyPair();
  auto config = baseConfig();
  config.algorithm = config::TokenAlgorithm::kRS256;
  const TokenService signer(config, makeRs256Key(private_pem, ""), clock_.fn());
  const TokenService verifier(config, makeRs256Key("", public_pem), clock_.fn());
  EXPECT_TRUE(signer.canIssue());
  EXPECT_FALSE(verifier.canIssue());
  const std::string token = signer.issue({{"sub", "42"}}).token;
  EXPECT_TRUE(verifier.verify(token).valid());
  EXPECT_THROW(verifier.issue({{"sub", "42"}}), std::runtime_error);
  const auto other = rsaKeyPair();
  const TokenService stranger(config, makeRs256Key("", other.second), clock_.fn());
  EXPECT_EQ(stranger.verify(token).failure, TokenFailure::kSignature);
}

TEST_F(TokenServiceTest, WeakOrMismatchedRsaKeysAreRefused) {
  const auto small = rsaKeyPair(1024);
  EXPECT_THROW(makeRs256Key(small.first, ""), std::invalid_argument);
  const auto a = rsaKeyPair();
  const auto b = rsaKeyPair();
  EXPECT_THROW(makeRs256Key(a.first, b.second), std::invalid_argument);
  EXPECT_THROW(makeRs256Key("not a pem", ""), std::invalid_argument);
}

TEST_F(TokenServiceTest, MalformedTokensAreRefused) {
  const TokenService tokens = make();
  const std::string good = tokens.issue({{"sub", "u"}}).token;
  const size_t first = good.find('.');
  const size_t second = good.find('.', first + 1);
  const std::vector<std::string> bad = {
      "",
      "abc",
      "a.b",
      good + ".extra",                                           // four segments
      good + ".",                                                // empty fourth segment
      "." + good.substr(first + 1),                              // empty header
      good.substr(0, first) + ".." + good.substr(second + 1),    // empty payload
      good.substr(0, second + 1),                                // empty signature
      good.substr(0, first) + "=" + good.substr(first),          // padding in the header
      good.substr(0, second) + ".+/" + good.substr(second + 3),  // standard base64 signature
      b64(Json::array({1, 2})) + good.substr(first),             // header not an object
      base64UrlEncode("{not json") + good.substr(first),
      forge({{"alg", "HS256"}, {"crit", {"exp"}}}, {{"sub", "u"}, {"exp", kNow + 60}}),
      forge({{"alg", "HS256"}, {"typ", "JWE"}}, {{"sub", "u"}, {"exp", kNow + 60}}),
  };
  for (const std::string& token : bad) {
    EXPECT_EQ(tokens.verify(token).failure, TokenFailure::kMalformed) << token;
  }
  // A signed payload that is not a JSON object.
  const std::string input = b64({{"alg", "HS256"}}) + "." + base64UrlEncode("[1]");
  EXPECT_EQ(
      tokens.verify(input + "." + base64UrlEncode(makeHs256Key(kSecret)->sign(input))).failure,
      TokenFailure::kMalformed);
}

TEST_F(TokenServiceTest, OversizedTokenIsRefusedBeforeDecoding) {
  auto config = baseConfig();
  config.max_token_bytes = 300;
  const TokenService tokens = make(config);
  const std::string big =
      forge({{"alg", "HS256"}}, {{"sub", std::string(300, 'x')}, {"exp", kNow + 60}});
  EXPECT_EQ(tokens.verify(big).failure, TokenFailure::kTooLarge);
  EXPECT_EQ(tokens.verify(std::string(301, 'a')).failure, TokenFailure::kTooLarge);
}

TEST_F(TokenServiceTest, TokensWithoutExpiryOrSubjectAreRefused) {
  const TokenService tokens = make();
  EXPECT_EQ(tokens.verify(forge({{"alg", "HS256"}}, {{"sub", "u"}})).failure,
            TokenFailure::kClaims);
  EXPECT_EQ(tokens.verify(forge({{"alg", "HS256"}}, {{"sub", "u"}, {"exp", "soon"}})).failure,
            TokenFailure::kClaims);
  EXPECT_EQ(tokens.verify(forge({{"alg", "HS256"}}, {{"exp", kNow + 60}})).failure,
            TokenFailure::kClaims);
  EXPECT_EQ(tokens.verify(forge({{"alg", "HS256"}}, {{"sub", ""}, {"exp", kNow + 60}})).failure,
            TokenFailure::kClaims);
  EXPECT_TRUE(tokens.verify(forge({{"alg", "HS256"}}, {{"sub", 42}, {"exp", kNow + 60}})).valid());
}

TEST_F(TokenServiceTest, IssuerAndAudienceAreWrittenAndChecked) {
  auto config = baseConfig();
  config.issuer = "https://kaya.example";
  config.audience = "kaya-app";
  const TokenService tokens = make(config);
  const std::string token = tokens.issue({{"sub", "u"}}).token;
  const auto verdict = tokens.verify(token);
  ASSERT_TRUE(verdict.valid());
  EXPECT_EQ(verdict.claims["iss"], "https://kaya.example");
  EXPECT_EQ(verdict.claims["aud"], "kaya-app");
  EXPECT_EQ(
      tokens
          .verify(forge({{"alg", "HS256"}},
                        {{"sub", "u"}, {"exp", kNow + 60}, {"iss", "other"}, {"aud", "kaya-app"}}))
          .failure,
      TokenFailure::kIssuer);
  EXPECT_EQ(tokens
                .verify(forge({{"alg", "HS256"}},
                              {{"sub", "u"}, {"exp", kNow + 60}, {"iss", "https://kaya.example"}}))
                .failure,
            TokenFailure::kAudience);
  EXPECT_TRUE(tokens
                  .verify(forge({{"alg", "HS256"}}, {{"sub", "u"},
                                                     {"exp", kNow + 60},
                                                     {"iss", "https://kaya.example"},
                                                     {"aud", {"x", "kaya-app"}}}))
                  .valid());
}

TEST_F(TokenServiceTest, ConfiguredClaimNamesAndExtraClaims) {
  auto config = baseConfig();
  config.claims.subject = "userId";
  config.claims.role = "userRole";
  config.claims.extra = {"email", "subscriptionTier"};
  const TokenService tokens = make(config);
  const IssuedToken issued = tokens.issue(
      {{"sub", "ck1"}, {"role", "ADMIN"}, {"email", "a@b.c"}, {"subscriptionTier", "FREE"}});
  const auto verdict = tokens.verify(issued.token);
  ASSERT_TRUE(verdict.valid());
  EXPECT_EQ(verdict.claims["userId"], "ck1");
  EXPECT_EQ(verdict.claims["userRole"], "ADMIN");
  EXPECT_FALSE(verdict.claims.contains("sub"));
  const Json principal = tokens.principalOf(verdict.claims);
  EXPECT_EQ(principal["sub"], "ck1");
  EXPECT_EQ(principal["role"], "ADMIN");
  EXPECT_EQ(principal["email"], "a@b.c");
  EXPECT_EQ(principal["subscriptionTier"], "FREE");
  EXPECT_EQ(principal["exp"], issued.expires_at);
}

TEST_F(TokenServiceTest, DefaultRoleAndMissingRole) {
  auto config = baseConfig();
  EXPECT_EQ(make(config).principalOf({{"sub", "u"}})["role"], nullptr);
  config.claims.default_role = "user";
  EXPECT_EQ(make(config).principalOf({{"sub", "u"}})["role"], "user");
  EXPECT_EQ(make(config).principalOf({{"sub", "u"}, {"role", "admin"}})["role"], "admin");
}

TEST_F(TokenServiceTest, IssueRefusesClaimsItDoesNotKnow) {
  auto config = baseConfig();
  config.claims.extra = {"email"};
  const TokenService tokens = make(config);
  EXPECT_THROW(tokens.issue({{"role", "user"}}), ClaimsError);  // no sub
  EXPECT_THROW(tokens.issue({{"sub", ""}}), ClaimsError);
  EXPECT_THROW(tokens.issue({{"sub", "u"}, {"exp", 1}}), ClaimsError);         // reserved
  EXPECT_THROW(tokens.issue({{"sub", "u"}, {"password", "x"}}), ClaimsError);  // not listed
  EXPECT_THROW(tokens.issue({{"sub", "u"}, {"role", 3}}), ClaimsError);
  EXPECT_THROW(tokens.issue(Json::array()), ClaimsError);
  EXPECT_NO_THROW(tokens.issue({{"sub", "u"}, {"email", "a@b.c"}}));
}

}  // namespace
}  // namespace atrium::host::auth

#include "host/services/auth/password_hasher.hpp"

#include <argon2.h>

#include <gtest/gtest.h>

namespace atrium::host::auth {
namespace {

// A cheap cost for tests; the configured default (19 MiB, t=2) is exercised once below.
config::PasswordHashingConfig fastParams() {
  config::PasswordHashingConfig params;
  params.memory_kib = 1024;
  params.iterations = 1;
  params.parallelism = 1;
  params.max_password_bytes = 1024;
  return params;
}

TEST(PasswordHasherTest, HashesWithArgon2idAtTheConfiguredCostAndVerifies) {
  const PasswordHasher hasher{config::PasswordHashingConfig{}};
  const std::string hash = hasher.hash("correct horse battery staple");
  EXPECT_EQ(hash.rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u) << hash;
  const PasswordCheck good = hasher.verify("correct horse battery staple", hash);
  EXPECT_TRUE(good.match);
  EXPECT_FALSE(good.needs_rehash);
  EXPECT_FALSE(hasher.verify("correct horse battery stapl", hash).match);
}

TEST(PasswordHasherTest, SaltsEveryHash) {
  const PasswordHasher hasher{fastParams()};
  EXPECT_NE(hasher.hash("secret"), hasher.hash("secret"));
}

TEST(PasswordHasherTest, EmptyAndBinaryPasswordsWork) {
  const PasswordHasher hasher{fastParams()};
  const std::string binary("a\0b\xff", 4);
  EXPECT_TRUE(hasher.verify("", hasher.hash("")).match);
  EXPECT_TRUE(hasher.verify(binary, hasher.hash(binary)).match);
  EXPECT_FALSE(hasher.verify(std::string("a\0c\xff", 4), hasher.hash(binary)).match);
}

TEST(PasswordHasherTest, WeakerArgon2ParametersNeedARehash) {
  const PasswordHasher weak{fastParams()};
  const PasswordHasher strong{config::PasswordHashingConfig{}};
  const std::string hash = weak.hash("pw");
  const PasswordCheck check = strong.verify("pw", hash);
  EXPECT_TRUE(check.match);
  EXPECT_TRUE(check.needs_rehash);
  // A wrong password never asks for a rehash.
  EXPECT_FALSE(strong.verify("other", hash).needs_rehash);
  // Stronger than configured is fine.
  EXPECT_FALSE(weak.verify("pw", strong.hash("pw")).needs_rehash);
}

TEST(PasswordHasherTest, RefusesPasswordsOverTheMaximumLength) {
  auto params = fastParams();
  params.max_password_bytes = 64;
  const PasswordHasher hasher{params};
  EXPECT_NO_THROW(hasher.hash(std::string(64, 'a')));
  try {
    hasher.hash(std::string(65, 'a'));
    FAIL() << "no exception";
  } catch (const PasswordError& e) {
    EXPECT_EQ(e.kind(), PasswordError::Kind::kTooLong);
  }
  const std::string hash = hasher.hash("x");
  EXPECT_THROW(hasher.verify(std::string(65, 'a'), hash), PasswordError);
}

// Known vectors (Openwall crypt_blowfish test suite), for each prefix.
struct BcryptVector {
  const char* hash;
  std::string password;
};

class BcryptVectorTest : public ::testing::TestWithParam<BcryptVector> {};

TEST_P(BcryptVectorTest, VerifiesAndAsksForARehash) {
  const PasswordHasher hasher{fastParams()};
  const PasswordCheck check = hasher.verify(GetParam().password, GetParam().hash);
  EXPECT_TRUE(check.match) << GetParam().hash;
  EXPECT_TRUE(check.needs_rehash);
  const PasswordCheck wrong = hasher.verify(GetParam().password + "x", GetParam().hash);
  EXPECT_FALSE(wrong.match);
  EXPECT_FALSE(wrong.needs_rehash);
}

INSTANTIATE_TEST_SUITE_P(
    Prefixes, BcryptVectorTest,
    ::testing::Values(
        BcryptVector{"$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW", "U*U"},
        BcryptVector{"$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK", "U*U*"},
        BcryptVector{"$2a$05$XXXXXXXXXXXXXXXXXXXXXOAcXxm9kjPGEMsLznoKqmqw7tc8WCx4a", "U*U*U"},
        BcryptVector{"$2b$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW", "U*U"},
        BcryptVector{"$2y$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW", "U*U"},
        BcryptVector{"$2a$05$/OK.fbVrR/bpIqNJ5ianF.Sa7shbm4.OzKpvFnX1pQLmQW96oUlCq", "\xa3"},
        BcryptVector{"$2b$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e",
                     "\xff\xff\xa3"},
        BcryptVector{"$2y$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e",
                     "\xff\xff\xa3"}));

TEST(PasswordHasherTest, BcryptIgnoresBytesAfterTheSeventySecond) {
  const PasswordHasher hasher{fastParams()};
  const char* hash = "$2a$05$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui";
  EXPECT_TRUE(hasher
                  .verify("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                          "0123456789chars after 72 are ignored",
                          hash)
                  .match);
}

TEST(PasswordHasherTest, MalformedHashesAreErrorsNotCrashes) {
  const PasswordHasher hasher{fastParams()};
  const std::string argon = hasher.hash("pw");
  const std::vector<std::string> bad = {
      "",
      "plaintext",
      "$1$abc$def",                                                   // md5-crypt: not accepted
      "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOe",  // one char short
      "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOe!",
      "$2a$99$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",  // cost out of range
      "$2a$31$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",  // too slow to accept
      "$argon2id$v=19$m=19456,t=2,p=1$",
      "$argon2id$v=19$m=19456,t=2$c2FsdA$aGFzaA",
      "$argon2id$v=19$m=99999999,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo",  // memory over the bound
      "$argon2id$v=19$m=1024,t=0,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo",
      argon.substr(0, argon.size() - 5),
      argon + "$extra",
      std::string(600, '$'),
  };
  for (const std::string& hash : bad) {
    try {
      hasher.verify("pw", hash);
      ADD_FAILURE() << "accepted: " << hash;
    } catch (const PasswordError& e) {
      EXPECT_EQ(e.kind(), PasswordError::Kind::kMalformedHash) << hash << ": " << e.what();
    }
  }
}

TEST(PasswordHasherTest, OtherArgon2VariantsVerifyAndNeedARehash) {
  // argon2i, as older libraries wrote it, at a cost above the configured one.
  char encoded[256];
  const std::string salt = "saltsaltsaltsalt";
  ASSERT_EQ(argon2i_hash_encoded(2, 2048, 1, "pw", 2, salt.data(), salt.size(), 32, encoded,
                                 sizeof encoded),
            ARGON2_OK);
  const PasswordHasher hasher{fastParams()};
  const PasswordCheck check = hasher.verify("pw", encoded);
  EXPECT_TRUE(check.match);
  EXPECT_TRUE(check.needs_rehash);
  EXPECT_FALSE(hasher.verify("pW", encoded).match);
  // The same tag under the argon2id prefix does not verify.
  const std::string text(encoded);
  EXPECT_FALSE(hasher.verify("pw", "$argon2id$" + text.substr(9)).match);
}

}  // namespace
}  // namespace atrium::host::auth

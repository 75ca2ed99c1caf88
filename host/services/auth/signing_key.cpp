#include "host/services/auth/signing_key.hpp"

#include <stdexcept>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include "host/services/auth/crypto_random.hpp"

namespace atrium::host::auth {
namespace {

constexpr int kMinRsaBits = 2048;

class Hs256Key final : public SigningKey {
 public:
  explicit Hs256Key(std::string secret) : secret_(std::move(secret)) {}
  ~Hs256Key() override { OPENSSL_cleanse(secret_.data(), secret_.size()); }

  std::string_view algorithm() const override { return "HS256"; }
  bool canSign() const override { return true; }

  std::string sign(std::string_view signing_input) const override {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
             reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size(),
             mac, &length) == nullptr) {
      throw std::runtime_error("HMAC-SHA256 failed");
    }
    return std::string(reinterpret_cast<const char*>(mac), length);
  }

  bool verify(std::string_view signing_input, std::string_view signature) const override {
    return constantTimeEquals(sign(signing_input), signature);
  }

 private:
  std::string secret_;
};

struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

Pkey readPem(std::string_view pem, bool is_private) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) throw std::runtime_error("out of memory reading a PEM key");
  EVP_PKEY* key = is_private ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr)
                             : PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr);
  if (key == nullptr) {
    throw std::invalid_argument(is_private ? "the RS256 private key is not a PEM private key "
                                             "(-----BEGIN PRIVATE KEY----- or RSA PRIVATE KEY)"
                                           : "the RS256 public key is not a PEM public key "
                                             "(-----BEGIN PUBLIC KEY-----)");
  }
  Pkey owned(key);
  if (EVP_PKEY_base_id(key) != EVP_PKEY_RSA) {
    throw std::invalid_argument("the RS256 key is not an RSA key");
  }
  if (EVP_PKEY_bits(key) < kMinRsaBits) {
    throw std::invalid_argument("the RS256 key has " + std::to_string(EVP_PKEY_bits(key)) +
                                " bits; at least 2048 are required");
  }
  return owned;
}

class Rs256Key final : public SigningKey {
 public:
  Rs256Key(Pkey private_key, Pkey public_key)
      : private_(std::move(private_key)), public_(std::move(public_key)) {}

  std::string_view algorithm() const override { return "RS256"; }
  bool canSign() const override { return private_ != nullptr; }

  std::string sign(std::string_view signing_input) const override {
    if (!private_) throw std::runtime_error("no RS256 private key: this host only verifies");
    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    size_t length = 0;
    if (!ctx ||
        EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, private_.get()) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &length,
                       reinterpret_cast<const unsigned char*>(signing_input.data()),
                       signing_input.size()) != 1) {
      throw std::runtime_error("RS256 signing failed");
    }
    std::string signature(length, '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                       reinterpret_cast<const unsigned char*>(signing_input.data()),
                       signing_input.size()) != 1) {
      throw std::runtime_error("RS256 signing failed");
    }
    signature.resize(length);
    return signature;
  }

  bool verify(std::string_view signing_input, std::string_view signature) const override {
    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    if (!ctx ||
        EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, public_.get()) != 1) {
      return false;
    }
    return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                            signature.size(),
                            reinterpret_cast<const unsigned char*>(signing_input.data()),
                            signing_input.size()) == 1;
  }

 private:
  Pkey private_;
  Pkey public_;
};

}  // namespace

std::unique_ptr<SigningKey> makeHs256Key(std::string secret) {
  if (secret.empty()) throw std::invalid_argument("the HS256 secret is empty");
  return std::make_unique<Hs256Key>(std::move(secret));
}

std::unique_ptr<SigningKey> makeRs256Key(std::string_view private_pem,
                                         std::string_view public_pem) {
  if (private_pem.empty() && public_pem.empty()) {
    throw std::invalid_argument("RS256 needs a private key (to issue) or a public key (to verify)");
  }
  Pkey private_key = private_pem.empty() ? nullptr : readPem(private_pem, true);
  Pkey public_key;
  if (!public_pem.empty()) {
    public_key = readPem(public_pem, false);
    if (private_key && EVP_PKEY_eq(private_key.get(), public_key.get()) != 1) {
      throw std::invalid_argument("the RS256 public key does not belong to the private key");
    }
  } else {
    EVP_PKEY_up_ref(private_key.get());
    public_key.reset(private_key.get());
  }
  return std::make_unique<Rs256Key>(std::move(private_key), std::move(public_key));
}

}  // namespace atrium::host::auth

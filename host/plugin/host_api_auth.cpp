// The auth part of the host's function table (ABI 1.2): password hashing and verification,
// access tokens, CSPRNG bytes and SHA-256 for plugins (the accounts plugin). Every entry is
// noexcept; failures are status codes, details go to the plugin's log (never secrets).
#include <cstring>
#include <string>

#include <openssl/evp.h>

#include "host/plugin/host_api.hpp"
#include "host/services/auth/auth_service.hpp"
#include "host/services/auth/crypto_random.hpp"

namespace atrium::host::plugin {
namespace {

const auth::AuthService* authOf(atrium_plugin_ctx* ctx) noexcept {
  const PluginContext* plugin = contextOf(ctx);
  return plugin == nullptr ? nullptr : plugin->auth;
}

// Copies `text` into the caller's buffer, or reports the size needed.
atrium_status writeOut(std::string_view text, char* out, size_t out_size,
                       size_t* out_len) noexcept {
  if (out_len != nullptr) *out_len = text.size();
  if (out == nullptr || out_size < text.size()) return ATRIUM_ERR_INVALID_ARGUMENT;
  if (!text.empty()) std::memcpy(out, text.data(), text.size());
  return ATRIUM_OK;
}

void logWarning(atrium_plugin_ctx* ctx, const atrium_request* req,
                const std::string& message) noexcept {
  try {
    PluginContext* plugin = contextOf(ctx);
    if (plugin == nullptr) return;
    std::string_view request_id;
    if (req != nullptr && requestHandleOf(req)->request != nullptr) {
      request_id = requestHandleOf(req)->request->request_id;
    }
    plugin->logger.log(common::LogLevel::kWarn, message, request_id);
  } catch (...) {}
}

atrium_status passwordHash(atrium_plugin_ctx* ctx, atrium_str password, char* out, size_t out_size,
                           size_t* out_len) noexcept {
  const auth::AuthService* service = authOf(ctx);
  if (service == nullptr) return ATRIUM_ERR_UNAVAILABLE;
  if (password.ptr == nullptr && password.len != 0) return ATRIUM_ERR_INVALID_ARGUMENT;
  try {
    const std::string hash = service->passwords().hash(view(password));
    service->metrics().countHash();
    return writeOut(hash, out, out_size, out_len);
  } catch (const auth::PasswordError& e) {
    if (e.kind() == auth::PasswordError::Kind::kTooLong) return ATRIUM_ERR_INVALID_ARGUMENT;
    logWarning(ctx, nullptr, std::string("password_hash: ") + e.what());
    return ATRIUM_ERR_INTERNAL;
  } catch (...) {
    return ATRIUM_ERR_INTERNAL;
  }
}

atrium_status passwordVerify(atrium_plugin_ctx* ctx, atrium_str password, atrium_str stored_hash,
                             int32_t* match, int32_t* needs_rehash) noexcept {
  if (match != nullptr) *match = 0;
  if (needs_rehash != nullptr) *needs_rehash = 0;
  const auth::AuthService* service = authOf(ctx);
  if (service == nullptr) return ATRIUM_ERR_UNAVAILABLE;
  if (match == nullptr || (password.ptr == nullptr && password.len != 0)) {
    return ATRIUM_ERR_INVALID_ARGUMENT;
  }
  try {
    const auth::PasswordCheck check =
        service->passwords().verify(view(password), view(stored_hash));
    service->metrics().countVerification(check.match ? auth::AuthMetrics::Verification::kMatch
                                                     : auth::AuthMetrics::Verification::kMismatch);
    *match = check.match ? 1 : 0;
    if (needs_rehash != nullptr) *needs_rehash = check.needs_rehash ? 1 : 0;
    return ATRIUM_OK;
  } catch (const auth::PasswordError& e) {
    service->metrics().countVerification(auth::AuthMetrics::Verification::kError);
    if (e.kind() == auth::PasswordError::Kind::kTooLong) return ATRIUM_ERR_INVALID_ARGUMENT;
    logWarning(ctx, nullptr, std::string("password_verify: ") + e.what());
    return ATRIUM_ERR_INTERNAL;
  } catch (...) {
    return ATRIUM_ERR_INTERNAL;
  }
}

atrium_status tokenIssue(atrium_plugin_ctx* ctx, const atrium_request* req, atrium_str claims_json,
                         char* out, size_t out_size, size_t* out_len,
                         int64_t* expires_at) noexcept {
  if (out_len != nullptr) *out_len = 0;
  if (expires_at != nullptr) *expires_at = 0;
  const auth::AuthService* service = authOf(ctx);
  if (service == nullptr) return ATRIUM_ERR_UNAVAILABLE;
  try {
    if (!service->tokens().canIssue()) {
      logWarning(ctx, req, "token_issue: RS256 is configured without a private key");
      return ATRIUM_ERR_UNAVAILABLE;
    }
    const std::string_view text = view(claims_json);
    const nlohmann::json claims = nlohmann::json::parse(text, nullptr, false);
    if (claims.is_discarded()) {
      logWarning(ctx, req, "token_issue: claims_json is not JSON");
      return ATRIUM_ERR_INVALID_ARGUMENT;
    }
    const auth::IssuedToken issued = service->tokens().issue(claims);
    const atrium_status status = writeOut(issued.token, out, out_size, out_len);
    if (status != ATRIUM_OK) return status;
    service->metrics().countIssued();
    if (expires_at != nullptr) *expires_at = issued.expires_at;
    return ATRIUM_OK;
  } catch (const auth::ClaimsError& e) {
    logWarning(ctx, req, std::string("token_issue: ") + e.what());
    return ATRIUM_ERR_INVALID_ARGUMENT;
  } catch (const std::exception& e) {
    logWarning(ctx, req, std::string("token_issue failed: ") + e.what());
    return ATRIUM_ERR_INTERNAL;
  } catch (...) {
    return ATRIUM_ERR_INTERNAL;
  }
}

atrium_status randomBytesEntry(atrium_plugin_ctx* /*ctx*/, uint8_t* out, size_t len) noexcept {
  if (len > ATRIUM_RANDOM_MAX_BYTES || (out == nullptr && len != 0)) {
    return ATRIUM_ERR_INVALID_ARGUMENT;
  }
  try {
    auth::randomBytes(out, len);
    return ATRIUM_OK;
  } catch (...) {
    return ATRIUM_ERR_INTERNAL;
  }
}

atrium_status randomTokenEntry(atrium_plugin_ctx* /*ctx*/, size_t bytes, char* out, size_t out_size,
                               size_t* out_len) noexcept {
  if (out_len != nullptr) *out_len = 0;
  if (bytes == 0 || bytes > ATRIUM_RANDOM_MAX_BYTES) return ATRIUM_ERR_INVALID_ARGUMENT;
  try {
    return writeOut(auth::randomToken(bytes), out, out_size, out_len);
  } catch (...) {
    return ATRIUM_ERR_INTERNAL;
  }
}

atrium_status sha256Entry(atrium_plugin_ctx* /*ctx*/, atrium_str data, uint8_t out[32]) noexcept {
  if (out == nullptr || (data.ptr == nullptr && data.len != 0)) return ATRIUM_ERR_INVALID_ARGUMENT;
  unsigned int length = 0;
  static const char kEmpty = 0;
  const void* bytes = data.ptr == nullptr ? &kEmpty : data.ptr;
  if (EVP_Digest(bytes, data.len, out, &length, EVP_sha256(), nullptr) != 1 || length != 32) {
    return ATRIUM_ERR_INTERNAL;
  }
  return ATRIUM_OK;
}

}  // namespace

void addAuthApi(atrium_host_api& api) noexcept {
  api.password_hash = &passwordHash;
  api.password_verify = &passwordVerify;
  api.token_issue = &tokenIssue;
  api.random_bytes = &randomBytesEntry;
  api.random_token = &randomTokenEntry;
  api.sha256 = &sha256Entry;
}

}  // namespace atrium::host::plugin

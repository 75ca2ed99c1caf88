#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

namespace atrium::host::auth {

// Counters of the authentication service, rendered in Prometheus text format:
//   atrium_auth_failures_total{reason}     401/403 answers of the middleware, by reason
//   atrium_auth_tokens_issued_total        access tokens signed for plugins
//   atrium_auth_password_hashes_total      argon2id hashes computed
//   atrium_auth_password_verifications_total{result}   match | mismatch | error
// Lock-free; the label sets are fixed.
class AuthMetrics {
 public:
  enum class Failure : size_t {
    kMissing,
    kMalformed,
    kTooLarge,
    kAlgorithm,
    kSignature,
    kExpired,
    kNotYetValid,
    kIssuer,
    kAudience,
    kClaims,
    kForbidden,
    kCount
  };
  enum class Verification : size_t { kMatch, kMismatch, kError, kCount };

  void countFailure(Failure reason) { add(failures_[static_cast<size_t>(reason)]); }
  void countIssued() { add(issued_); }
  void countHash() { add(hashes_); }
  void countVerification(Verification result) { add(verifications_[static_cast<size_t>(result)]); }

  uint64_t failures(Failure reason) const {
    return failures_[static_cast<size_t>(reason)].load(std::memory_order_relaxed);
  }
  uint64_t issued() const { return issued_.load(std::memory_order_relaxed); }

  static std::string_view failureLabel(Failure reason);

  // Appends the families above to `out`.
  void renderPrometheus(std::string& out) const;

 private:
  static void add(std::atomic<uint64_t>& counter) {
    counter.fetch_add(1, std::memory_order_relaxed);
  }
  std::array<std::atomic<uint64_t>, static_cast<size_t>(Failure::kCount)> failures_{};
  std::array<std::atomic<uint64_t>, static_cast<size_t>(Verification::kCount)> verifications_{};
  std::atomic<uint64_t> issued_{0};
  std::atomic<uint64_t> hashes_{0};
};

}  // namespace atrium::host::auth

#include "host/services/auth/auth_metrics.hpp"

namespace atrium::host::auth {

std::string_view AuthMetrics::failureLabel(Failure reason) {
  switch (reason) {
    case Failure::kMissing: return "missing";
    case Failure::kMalformed: return "malformed";
    case Failure::kTooLarge: return "too_large";
    case Failure::kAlgorithm: return "algorithm";
    case Failure::kSignature: return "signature";
    case Failure::kExpired: return "expired";
    case Failure::kNotYetValid: return "not_yet_valid";
    case Failure::kIssuer: return "issuer";
    case Failure::kAudience: return "audience";
    case Failure::kClaims: return "claims";
    case Failure::kForbidden: return "forbidden";
    case Failure::kCount: break;
  }
  return "unknown";
}

void AuthMetrics::renderPrometheus(std::string& out) const {
  out += "# HELP atrium_auth_failures_total Requests refused by authentication, by reason.\n";
  out += "# TYPE atrium_auth_failures_total counter\n";
  for (size_t i = 0; i < failures_.size(); ++i) {
    out += "atrium_auth_failures_total{reason=\"";
    out += failureLabel(static_cast<Failure>(i));
    out += "\"} " + std::to_string(failures_[i].load(std::memory_order_relaxed)) + "\n";
  }
  out += "# HELP atrium_auth_tokens_issued_total Access tokens signed.\n";
  out += "# TYPE atrium_auth_tokens_issued_total counter\n";
  out += "atrium_auth_tokens_issued_total " +
         std::to_string(issued_.load(std::memory_order_relaxed)) + "\n";
  out += "# HELP atrium_auth_password_hashes_total Password hashes computed.\n";
  out += "# TYPE atrium_auth_password_hashes_total counter\n";
  out += "atrium_auth_password_hashes_total " +
         std::to_string(hashes_.load(std::memory_order_relaxed)) + "\n";
  out += "# HELP atrium_auth_password_verifications_total Password checks, by result.\n";
  out += "# TYPE atrium_auth_password_verifications_total counter\n";
  const char* results[] = {"match", "mismatch", "error"};
  for (size_t i = 0; i < verifications_.size(); ++i) {
    out += std::string("atrium_auth_password_verifications_total{result=\"") + results[i] + "\"} " +
           std::to_string(verifications_[i].load(std::memory_order_relaxed)) + "\n";
  }
}

}  // namespace atrium::host::auth

#include "host/services/auth/auth_metrics.hpp"

#include <gtest/gtest.h>

namespace atrium::host::auth {
namespace {

TEST(AuthMetricsTest, RendersFailuresByReason) {
  AuthMetrics metrics;
  metrics.countFailure(AuthMetrics::Failure::kExpired);
  metrics.countFailure(AuthMetrics::Failure::kExpired);
  metrics.countFailure(AuthMetrics::Failure::kMissing);
  metrics.countIssued();
  metrics.countVerification(AuthMetrics::Verification::kMismatch);
  std::string out;
  metrics.renderPrometheus(out);
  EXPECT_NE(out.find("# TYPE atrium_auth_failures_total counter\n"), std::string::npos);
  EXPECT_NE(out.find("atrium_auth_failures_total{reason=\"expired\"} 2\n"), std::string::npos);
  EXPECT_NE(out.find("atrium_auth_failures_total{reason=\"missing\"} 1\n"), std::string::npos);
  EXPECT_NE(out.find("atrium_auth_failures_total{reason=\"forbidden\"} 0\n"), std::string::npos);
  EXPECT_NE(out.find("atrium_auth_tokens_issued_total 1\n"), std::string::npos);
  EXPECT_NE(out.find("atrium_auth_password_verifications_total{result=\"mismatch\"} 1\n"),
            std::string::npos);
}

}  // namespace
}  // namespace atrium::host::auth

#include "host/services/ai/ai_error.hpp"

namespace atrium::host::ai {

std::string_view aiErrorKindName(AiErrorKind kind) {
  switch (kind) {
    case AiErrorKind::kInvalidRequest: return "invalid_request";
    case AiErrorKind::kUnavailable: return "unavailable";
    case AiErrorKind::kRateLimited: return "rate_limited";
    case AiErrorKind::kBadResponse: return "bad_response";
    case AiErrorKind::kRefused: return "refused";
    case AiErrorKind::kTimeout: return "timeout";
    case AiErrorKind::kTemplate: return "template_error";
  }
  return "unavailable";
}

int aiErrorStatus(AiErrorKind kind) {
  switch (kind) {
    case AiErrorKind::kInvalidRequest: return 400;
    case AiErrorKind::kUnavailable: return 503;
    case AiErrorKind::kRateLimited: return 429;
    case AiErrorKind::kBadResponse: return 502;
    case AiErrorKind::kRefused: return 422;
    case AiErrorKind::kTimeout: return 504;
    case AiErrorKind::kTemplate: return 500;
  }
  return 500;
}

}  // namespace atrium::host::ai

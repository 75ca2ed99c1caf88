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

}  // namespace atrium::host::ai

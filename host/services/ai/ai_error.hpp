#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace atrium::host::ai {

// Why a generate call failed. Stable names (the ABI, Lua and the usage table use them).
enum class AiErrorKind {
  kInvalidRequest,  // the request is malformed, too large, or names an unknown provider
  kUnavailable,     // provider down, unreachable, not configured, or refused our key
  kRateLimited,     // 429 until the retries or the deadline ran out
  kBadResponse,     // the provider answered something that is not its documented format
  kRefused,         // the provider blocked the prompt or the answer (safety filters)
  kTimeout,         // an attempt or the whole call ran out of time
  kTemplate,        // the prompt template script failed
};

// "invalid_request", "unavailable", "rate_limited", "bad_response", "refused", "timeout",
// "template_error".
std::string_view aiErrorKindName(AiErrorKind kind);

// A failed generate call. what() is one line for logs and callers; it never contains the
// prompt or an API key. `fallback` is the template's fallback text, when it had one.
class AiError : public std::runtime_error {
 public:
  AiError(AiErrorKind kind, const std::string& message, int attempts = 0)
      : std::runtime_error(message), kind_(kind), attempts_(attempts) {}
  AiErrorKind kind() const { return kind_; }
  int attempts() const { return attempts_; }
  const std::string& fallback() const { return fallback_; }
  void setFallback(std::string text) { fallback_ = std::move(text); }

 private:
  AiErrorKind kind_;
  int attempts_;
  std::string fallback_;
};

}  // namespace atrium::host::ai

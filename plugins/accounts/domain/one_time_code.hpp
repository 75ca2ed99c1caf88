// One-time codes and link tokens: the decision on a presented code, and the resend cooldown.
// Codes are stored as SHA-256 hex; the comparison is constant-time. Pure (unit-tested).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace atrium::plugins::accounts {

struct StoredCode {
  std::string code_hash;
  int64_t attempts = 0;  // wrong guesses so far
  int64_t created_at = 0;
  int64_t expires_at = 0;
};

enum class CodeCheck {
  kAccepted,   // matches, in time, attempts left: consume it
  kWrong,      // does not match: count the attempt
  kExhausted,  // attempts used up (before or by this guess): delete it
  kExpired,    // time is up: delete it
};

// `presented_hash`: SHA-256 hex of what the client sent. A wrong guess that uses the last
// attempt answers kExhausted, so the client learns that asking again is needed.
CodeCheck checkCode(const StoredCode& stored, std::string_view presented_hash, int64_t now,
                    int64_t max_attempts);

// Seconds the client must still wait before a new code may be sent (0: now).
int64_t cooldownRemaining(const StoredCode& stored, int64_t now, int64_t cooldown_seconds);

}  // namespace atrium::plugins::accounts

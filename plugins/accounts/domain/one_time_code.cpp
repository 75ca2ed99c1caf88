#include "plugins/accounts/domain/one_time_code.hpp"

#include "plugins/accounts/domain/identity.hpp"

namespace atrium::plugins::accounts {

CodeCheck checkCode(const StoredCode& stored, std::string_view presented_hash, int64_t now,
                    int64_t max_attempts) {
  if (stored.attempts >= max_attempts) return CodeCheck::kExhausted;
  if (now >= stored.expires_at) return CodeCheck::kExpired;
  if (constantTimeEquals(stored.code_hash, presented_hash)) return CodeCheck::kAccepted;
  return stored.attempts + 1 >= max_attempts ? CodeCheck::kExhausted : CodeCheck::kWrong;
}

int64_t cooldownRemaining(const StoredCode& stored, int64_t now, int64_t cooldown_seconds) {
  const int64_t ready_at = stored.created_at + cooldown_seconds;
  return ready_at > now ? ready_at - now : 0;
}

}  // namespace atrium::plugins::accounts

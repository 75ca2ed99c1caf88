#include "host/services/events/ticket_store.hpp"

#include "host/common/sha256.hpp"
#include "host/services/auth/crypto_random.hpp"

namespace atrium::host::events {

MemoryTicketStore::MemoryTicketStore(std::chrono::milliseconds ttl, size_t capacity, Now now)
    : ttl_(ttl),
      capacity_(capacity),
      now_(now ? std::move(now) : Now([] { return Clock::now(); })) {}

void MemoryTicketStore::purgeLocked(Clock::time_point now) {
  for (auto it = tickets_.begin(); it != tickets_.end();) {
    if (it->second.expires <= now) {
      it = tickets_.erase(it);
    } else {
      ++it;
    }
  }
  next_purge_ = now + ttl_;
}

std::optional<std::string> MemoryTicketStore::issue(std::string principal_json) {
  std::string ticket = auth::randomToken(kTicketBytes);
  const std::string key = common::sha256Hex(ticket);
  const auto now = now_();
  std::lock_guard lock(mutex_);
  if (now >= next_purge_ || tickets_.size() >= capacity_) purgeLocked(now);
  if (tickets_.size() >= capacity_) return std::nullopt;
  tickets_[key] = Entry{std::move(principal_json), now + ttl_};
  return ticket;
}

std::optional<std::string> MemoryTicketStore::redeem(std::string_view ticket) {
  // base64url of kTicketBytes: anything else cannot be a ticket (and is not hashed).
  if (ticket.size() != kTicketChars) return std::nullopt;
  // The lookup is by hash: timing reveals nothing about a stored ticket's characters.
  const std::string key = common::sha256Hex(ticket);
  const auto now = now_();
  std::lock_guard lock(mutex_);
  auto it = tickets_.find(key);
  if (it == tickets_.end()) return std::nullopt;
  Entry entry = std::move(it->second);
  tickets_.erase(it);
  if (entry.expires <= now) return std::nullopt;
  return std::move(entry.principal_json);
}

size_t MemoryTicketStore::size() const {
  std::lock_guard lock(mutex_);
  return tickets_.size();
}

}  // namespace atrium::host::events

#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace atrium::host::events {

// Short-lived, single-use tickets that let a browser's EventSource (which cannot send an
// Authorization header) open an event stream: issue() returns a random ticket for an
// authenticated principal; redeem() gives the principal back once, within the ticket's
// lifetime. Only a SHA-256 of each ticket is kept; at most `capacity` live tickets (issuing
// beyond fails). Thread-safe; in-memory, so a ticket is redeemed on the instance that issued it.
class TicketStore {
 public:
  using Clock = std::chrono::steady_clock;
  using Now = std::function<Clock::time_point()>;

  TicketStore(std::chrono::milliseconds ttl, size_t capacity, Now now = {});

  // nullopt when `capacity` live tickets exist.
  std::optional<std::string> issue(std::string principal_json);
  // The principal of a live, unused ticket; the ticket is used up. nullopt otherwise (unknown,
  // used, expired or malformed: the caller answers 401 alike).
  std::optional<std::string> redeem(std::string_view ticket);
  size_t size() const;
  std::chrono::milliseconds ttl() const { return ttl_; }

  static constexpr size_t kTicketBytes = 32;  // 43 base64url characters

 private:
  void purgeLocked(Clock::time_point now);

  struct Entry {
    std::string principal_json;
    Clock::time_point expires;
  };
  std::chrono::milliseconds ttl_;
  size_t capacity_;
  Now now_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> tickets_;  // key: sha256 hex of the ticket
  Clock::time_point next_purge_{};
};

}  // namespace atrium::host::events

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
// beyond fails). Implementations are thread-safe and may throw (a database store) when they
// cannot answer.
class TicketStore {
 public:
  virtual ~TicketStore() = default;
  // nullopt when `capacity` live tickets exist.
  virtual std::optional<std::string> issue(std::string principal_json) = 0;
  // The principal of a live, unused ticket; the ticket is used up. nullopt otherwise (unknown,
  // used, expired or malformed: the caller answers 401 alike).
  virtual std::optional<std::string> redeem(std::string_view ticket) = 0;
  virtual std::chrono::milliseconds ttl() const = 0;

  static constexpr size_t kTicketBytes = 32;  // 43 base64url characters
  // Only a string of this length can be a ticket (nothing else is hashed or looked up).
  static constexpr size_t kTicketChars = (kTicketBytes * 4 + 2) / 3;
};

// In this process's memory: a ticket is redeemed on the instance that issued it (SQLite, one
// instance). DatabaseTicketStore shares them between instances.
class MemoryTicketStore : public TicketStore {
 public:
  using Clock = std::chrono::steady_clock;
  using Now = std::function<Clock::time_point()>;

  MemoryTicketStore(std::chrono::milliseconds ttl, size_t capacity, Now now = {});

  std::optional<std::string> issue(std::string principal_json) override;
  std::optional<std::string> redeem(std::string_view ticket) override;
  std::chrono::milliseconds ttl() const override { return ttl_; }
  size_t size() const;

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

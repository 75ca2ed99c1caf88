#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>

#include "host/services/events/ticket_store.hpp"

namespace atrium::host::db {
class Database;
}

namespace atrium::host::events {

// Event-stream tickets in the `atrium_event_tickets` table (sql/host/0005_create_event_tickets),
// used with PostgreSQL: behind a load balancer the browser's POST .../ticket and its
// EventSource connection may reach different instances, and any of them redeems the ticket.
// Only the SHA-256 of a ticket is stored. Redeeming is one DELETE ... RETURNING, so a ticket is
// used up once across every instance even when two redeem it at the same moment. Expired rows
// are deleted from time to time by the issuing side. Times are wall-clock milliseconds (the
// instances' clocks must agree to well under the ticket's lifetime). Throws db errors when the
// database cannot answer (the endpoint answers 503).
class DatabaseTicketStore : public TicketStore {
 public:
  using NowMs = std::function<int64_t()>;  // milliseconds since the epoch

  DatabaseTicketStore(db::Database& database, std::chrono::milliseconds ttl, size_t capacity,
                      NowMs now = {});

  std::optional<std::string> issue(std::string principal_json) override;
  std::optional<std::string> redeem(std::string_view ticket) override;
  std::chrono::milliseconds ttl() const override { return ttl_; }

 private:
  void deleteExpired(int64_t now_ms);

  db::Database& database_;
  std::chrono::milliseconds ttl_;
  size_t capacity_;
  NowMs now_;
  std::atomic<int64_t> next_cleanup_ms_{0};
};

}  // namespace atrium::host::events

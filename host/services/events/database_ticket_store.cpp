#include "host/services/events/database_ticket_store.hpp"

#include "host/common/sha256.hpp"
#include "host/db/database.hpp"
#include "host/services/auth/crypto_random.hpp"

namespace atrium::host::events {
namespace {

constexpr std::string_view kComponent = "host.events";

int64_t wallClockMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

DatabaseTicketStore::DatabaseTicketStore(db::Database& database, std::chrono::milliseconds ttl,
                                         size_t capacity, NowMs now)
    : database_(database),
      ttl_(ttl),
      capacity_(capacity),
      now_(now ? std::move(now) : NowMs(wallClockMs)) {}

void DatabaseTicketStore::deleteExpired(int64_t now_ms) {
  database_.query(db::QueryTag{"events.ticket_cleanup", kComponent, {}},
                  "DELETE FROM atrium_event_tickets WHERE expires_ms <= :now", {{"now", now_ms}});
}

std::optional<std::string> DatabaseTicketStore::issue(std::string principal_json) {
  const int64_t now = now_();
  // One instance at a time sweeps, about once per lifetime (and whenever the table is full).
  int64_t due = next_cleanup_ms_.load(std::memory_order_relaxed);
  if (now >= due && next_cleanup_ms_.compare_exchange_strong(due, now + ttl_.count())) {
    deleteExpired(now);
  }
  std::string ticket = auth::randomToken(kTicketBytes);
  // Inserted only while fewer than `capacity` live tickets exist (a count over the expiry
  // index: the table holds at most about capacity rows between sweeps).
  const db::QueryResult inserted = database_.query(
      db::QueryTag{"events.ticket_issue", kComponent, {}},
      "INSERT INTO atrium_event_tickets (ticket_hash, principal, expires_ms) SELECT :hash, "
      ":principal, :expires WHERE (SELECT COUNT(*) FROM atrium_event_tickets WHERE expires_ms > "
      ":now) < :capacity",
      {{"hash", common::sha256Hex(ticket)},
       {"principal", std::move(principal_json)},
       {"expires", now + ttl_.count()},
       {"now", now},
       {"capacity", static_cast<int64_t>(capacity_)}});
  if (inserted.affected_rows != 1) {
    next_cleanup_ms_.store(0, std::memory_order_relaxed);  // full: sweep on the next issue
    return std::nullopt;
  }
  return ticket;
}

std::optional<std::string> DatabaseTicketStore::redeem(std::string_view ticket) {
  if (ticket.size() != kTicketChars) return std::nullopt;
  // Deleted whether live or expired; the row that comes back is this caller's alone.
  const db::QueryResult used =
      database_.query(db::QueryTag{"events.ticket_redeem", kComponent, {}},
                      "DELETE FROM atrium_event_tickets WHERE ticket_hash = :hash RETURNING "
                      "principal, expires_ms",
                      {{"hash", common::sha256Hex(ticket)}});
  if (used.rows.size() != 1 || used.rows[0].size() != 2) return std::nullopt;
  const std::optional<int64_t> expires = db::integerOf(used.rows[0][1]);
  if (!expires) throw std::runtime_error("atrium_event_tickets: expires_ms is not a number");
  if (*expires <= now_()) return std::nullopt;
  const auto* principal = std::get_if<std::string>(&used.rows[0][0]);
  if (principal == nullptr) return std::nullopt;
  return *principal;
}

}  // namespace atrium::host::events

#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/db/database.hpp"
#include "host/db/transaction_stack.hpp"
#include "host/services/messaging/outbox_message.hpp"

namespace atrium::host::messaging {

using Clock = std::chrono::system_clock;

// "YYYY-MM-DDTHH:MM:SS.mmmZ": the one format the outbox stores (SQLite compares it as text).
std::string formatOutboxTime(Clock::time_point at);

// A message the worker claimed: its row, and the token that proves the claim is still ours.
struct ClaimedMessage {
  int64_t id = 0;
  OutboxMessage message;
  int attempts = 0;  // including the one about to be made
  std::string claim_token;
};

// A row as an operator sees it (tests, diagnostics).
struct OutboxRow {
  int64_t id = 0;
  std::string channel;
  std::string recipient;
  std::string status;
  int attempts = 0;
  std::string next_attempt_at;
  std::string last_error;
  std::string transport;
  std::string provider_id;
  std::string sent_at;
};

// The atrium_outbox table (sql/host/0001_create_outbox.*.sql) on either backend. Thread-safe
// (every call runs its own statement through the Database).
class OutboxStore {
 public:
  explicit OutboxStore(db::Database& database) : database_(database) {}

  // Inserts a pending message due now. `tx`: the caller's open transaction (the message exists
  // only if it commits); nullptr: its own implicit transaction. A message whose
  // idempotency_key was already used on its channel is not inserted again: the earlier id is
  // returned. Validate first (validateMessage). Throws QueryError / DatabaseUnavailable.
  int64_t enqueue(const OutboxMessage& message, db::TransactionStack* tx,
                  std::string_view request_id, Clock::time_point now);

  // Claims up to `limit` due messages (pending and due, or claimed by someone whose claim
  // expired) for `claim_timeout`, counting the attempt. On PostgreSQL concurrent claimers skip
  // each other's rows (FOR UPDATE SKIP LOCKED): no message is claimed twice.
  std::vector<ClaimedMessage> claimDue(size_t limit, Clock::time_point now,
                                       std::chrono::milliseconds claim_timeout);

  // Outcomes. Each applies only while the claim is still ours (same token, status sending) and
  // returns whether it did.
  bool markSent(const ClaimedMessage& claimed, std::string_view transport,
                std::string_view provider_id, Clock::time_point now);
  bool markRetry(const ClaimedMessage& claimed, std::string_view transport, std::string_view error,
                 Clock::time_point next_attempt_at);
  bool markFailed(const ClaimedMessage& claimed, std::string_view transport,
                  std::string_view error);

  // Messages waiting (pending or being sent), by channel ("mail", "sms").
  std::map<std::string, int64_t> queueDepth();
  std::optional<OutboxRow> find(int64_t id);

 private:
  db::QueryResult run(std::string_view name, std::string_view sql, const db::Params& params,
                      db::TransactionStack* tx = nullptr, std::string_view request_id = {});

  db::Database& database_;
};

}  // namespace atrium::host::messaging

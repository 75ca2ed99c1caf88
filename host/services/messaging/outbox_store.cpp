#include "host/services/messaging/outbox_store.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "host/services/messaging/smtp_transport.hpp"

namespace atrium::host::messaging {
namespace {

constexpr std::string_view kComponent = "host.messaging";
constexpr size_t kMaxErrorBytes = 1000;

db::Value textOrNull(const std::string& text) {
  if (text.empty()) return std::monostate{};
  return text;
}

std::string textOf(const db::Value& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  return {};
}

int64_t intOf(const db::Value& value) {
  if (const auto* number = std::get_if<int64_t>(&value)) return *number;
  return 0;
}

std::string bounded(std::string_view error) {
  std::string out(error.substr(0, kMaxErrorBytes));
  for (char& c : out) {
    if (c == '\r' || c == '\n' || c == '\0') c = ' ';
  }
  return out;
}

}  // namespace

std::string formatOutboxTime(Clock::time_point at) {
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(millis / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(millis % 1000));
  return buf;
}

db::QueryResult OutboxStore::run(std::string_view name, std::string_view sql,
                                 const db::Params& params, db::TransactionStack* tx,
                                 std::string_view request_id) {
  const db::QueryTag tag{name, kComponent, request_id};
  if (tx != nullptr) return database_.query(*tx, tag, sql, params);
  return database_.query(tag, sql, params);
}

int64_t OutboxStore::enqueue(const OutboxMessage& message, db::TransactionStack* tx,
                             std::string_view request_id, Clock::time_point now) {
  const std::string at = formatOutboxTime(now);
  const db::Params params = {
      {"channel", std::string(channelName(message.channel))},
      {"recipient", message.recipient},
      {"subject", textOrNull(message.subject)},
      {"text", textOrNull(message.text)},
      {"html", textOrNull(message.html)},
      {"product", message.product},
      {"template", message.template_id},
      {"source", message.source},
      {"key", textOrNull(message.idempotency_key)},
      {"now", at},
  };
  const db::QueryResult inserted = run(
      "outbox.enqueue",
      "INSERT INTO atrium_outbox (channel, recipient, subject, body_text, body_html, product, "
      "template, source, idempotency_key, status, attempts, next_attempt_at, created_at) "
      "VALUES (:channel, :recipient, :subject, :text, :html, :product, :template, :source, :key, "
      "'pending', 0, :now, :now) "
      "ON CONFLICT (channel, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING "
      "RETURNING id",
      params, tx, request_id);
  if (!inserted.rows.empty()) return intOf(inserted.rows[0][0]);
  const db::QueryResult existing = run(
      "outbox.find_key",
      "SELECT id FROM atrium_outbox WHERE channel = :channel AND idempotency_key = :key",
      {{"channel", std::string(channelName(message.channel))}, {"key", message.idempotency_key}},
      tx, request_id);
  if (existing.rows.empty()) throw std::logic_error("outbox: idempotent insert found no row");
  return intOf(existing.rows[0][0]);
}

std::vector<ClaimedMessage> OutboxStore::claimDue(size_t limit, Clock::time_point now,
                                                  std::chrono::milliseconds claim_timeout) {
  const bool postgres = database_.backend() == db::Backend::kPostgresql;
  const std::string sql =
      std::string(
          "UPDATE atrium_outbox SET status = 'sending', attempts = attempts + 1, "
          "claim_token = :token, claimed_until = :until "
          "WHERE id IN (SELECT id FROM atrium_outbox "
          "WHERE (status = 'pending' AND next_attempt_at <= :now) "
          "OR (status = 'sending' AND claimed_until <= :now) "
          "ORDER BY next_attempt_at, id LIMIT :limit") +
      (postgres ? " FOR UPDATE SKIP LOCKED) " : ") ") +
      "RETURNING id, channel, recipient, subject, body_text, body_html, product, template, "
      "source, idempotency_key, attempts";
  const std::string token = randomHex(16);
  const db::QueryResult rows = run("outbox.claim", sql,
                                   {{"token", token},
                                    {"until", formatOutboxTime(now + claim_timeout)},
                                    {"now", formatOutboxTime(now)},
                                    {"limit", static_cast<int64_t>(limit)}});
  std::vector<ClaimedMessage> claimed;
  claimed.reserve(rows.rows.size());
  for (const auto& row : rows.rows) {
    ClaimedMessage c;
    c.id = intOf(row[0]);
    c.message.channel = textOf(row[1]) == "sms" ? Channel::kSms : Channel::kMail;
    c.message.recipient = textOf(row[2]);
    c.message.subject = textOf(row[3]);
    c.message.text = textOf(row[4]);
    c.message.html = textOf(row[5]);
    c.message.product = textOf(row[6]);
    c.message.template_id = textOf(row[7]);
    c.message.source = textOf(row[8]);
    c.message.idempotency_key = textOf(row[9]);
    c.attempts = static_cast<int>(intOf(row[10]));
    c.claim_token = token;
    claimed.push_back(std::move(c));
  }
  // RETURNING order is not guaranteed: send in id order.
  std::sort(claimed.begin(), claimed.end(),
            [](const ClaimedMessage& a, const ClaimedMessage& b) { return a.id < b.id; });
  return claimed;
}

bool OutboxStore::markSent(const ClaimedMessage& claimed, std::string_view transport,
                           std::string_view provider_id, Clock::time_point now) {
  return run("outbox.sent",
             "UPDATE atrium_outbox SET status = 'sent', sent_at = :now, transport = :transport, "
             "provider_id = :provider, last_error = NULL, claim_token = NULL, "
             "claimed_until = NULL WHERE id = :id AND claim_token = :token AND status = 'sending'",
             {{"now", formatOutboxTime(now)},
              {"transport", std::string(transport)},
              {"provider", textOrNull(std::string(provider_id))},
              {"id", claimed.id},
              {"token", claimed.claim_token}})
             .affected_rows == 1;
}

bool OutboxStore::markRetry(const ClaimedMessage& claimed, std::string_view transport,
                            std::string_view error, Clock::time_point next_attempt_at) {
  return run("outbox.retry",
             "UPDATE atrium_outbox SET status = 'pending', next_attempt_at = :next, "
             "transport = :transport, last_error = :error, claim_token = NULL, "
             "claimed_until = NULL WHERE id = :id AND claim_token = :token AND status = 'sending'",
             {{"next", formatOutboxTime(next_attempt_at)},
              {"transport", std::string(transport)},
              {"error", bounded(error)},
              {"id", claimed.id},
              {"token", claimed.claim_token}})
             .affected_rows == 1;
}

bool OutboxStore::markFailed(const ClaimedMessage& claimed, std::string_view transport,
                             std::string_view error) {
  return run("outbox.failed",
             "UPDATE atrium_outbox SET status = 'failed', transport = :transport, "
             "last_error = :error, claim_token = NULL, claimed_until = NULL "
             "WHERE id = :id AND claim_token = :token AND status = 'sending'",
             {{"transport", std::string(transport)},
              {"error", bounded(error)},
              {"id", claimed.id},
              {"token", claimed.claim_token}})
             .affected_rows == 1;
}

std::map<std::string, int64_t> OutboxStore::queueDepth() {
  std::map<std::string, int64_t> depth = {{"mail", 0}, {"sms", 0}};
  const db::QueryResult rows =
      run("outbox.depth",
          "SELECT channel, count(*) FROM atrium_outbox WHERE status IN ('pending', 'sending') "
          "GROUP BY channel",
          {});
  for (const auto& row : rows.rows) depth[textOf(row[0])] = intOf(row[1]);
  return depth;
}

std::optional<OutboxRow> OutboxStore::find(int64_t id) {
  const db::QueryResult rows =
      run("outbox.find",
          "SELECT id, channel, recipient, status, attempts, next_attempt_at, last_error, "
          "transport, provider_id, sent_at FROM atrium_outbox WHERE id = :id",
          {{"id", id}});
  if (rows.rows.empty()) return std::nullopt;
  const auto& r = rows.rows[0];
  return OutboxRow{
      intOf(r[0]),  textOf(r[1]), textOf(r[2]), textOf(r[3]), static_cast<int>(intOf(r[4])),
      textOf(r[5]), textOf(r[6]), textOf(r[7]), textOf(r[8]), textOf(r[9])};
}

}  // namespace atrium::host::messaging

#include "host/services/events/pg_event_bus.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <chrono>

#include <libpq-fe.h>
#include <nlohmann/json.hpp>

#include "host/db/database.hpp"
#include "host/services/auth/crypto_random.hpp"

namespace atrium::host::events {

namespace {

constexpr const char* kComponent = "host.events";

int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int64_t firstInt(const db::QueryResult& result) {
  if (result.rows.empty() || result.rows[0].empty()) {
    throw std::runtime_error("events: the database returned no id");
  }
  const db::Value& value = result.rows[0][0];
  if (const auto* i = std::get_if<int64_t>(&value)) return *i;
  if (const auto* t = std::get_if<std::string>(&value)) return std::stoll(*t);
  throw std::runtime_error("events: the database returned an id that is not an integer");
}

struct PgConn {
  PGconn* conn = nullptr;
  ~PgConn() {
    if (conn != nullptr) PQfinish(conn);
  }
};

void discardNotice(void*, const char*) {}

}  // namespace

PgEventBus::PgEventBus(db::Database& database, std::string connection_string, EventHub& hub,
                       std::chrono::milliseconds retention, const common::LogSink& logs)
    : database_(database),
      connection_string_(std::move(connection_string)),
      hub_(hub),
      retention_(retention),
      logger_(logs, "host.events"),
      origin_(auth::randomToken(12)) {
  stop_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
}

PgEventBus::~PgEventBus() {
  stop();
  if (stop_fd_ >= 0) ::close(stop_fd_);
}

uint64_t PgEventBus::currentId(db::Database& database) {
  const db::QueryResult result = database.query(
      {"events.current_id", kComponent, ""},
      "SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM atrium_event_ids",
      {});
  return static_cast<uint64_t>(firstInt(result));
}

uint64_t PgEventBus::publish(std::string_view channel, std::string_view name,
                             std::string_view data) {
  const int64_t id = firstInt(database_.query({"events.next_id", kComponent, ""},
                                              "SELECT nextval('atrium_event_ids')", {}));
  // Delivered here at once; the others get it from the notification.
  hub_.publishWithId(static_cast<uint64_t>(id), channel, name, data);
  nlohmann::json payload{{"id", id}, {"o", origin_}, {"c", channel}, {"n", name}};
  std::string text;
  if (channel.size() + name.size() + data.size() + 64 <= kMaxPayload) {
    payload["d"] = nlohmann::json::parse(data);
    text = payload.dump();
  } else {
    database_.query({"events.store", kComponent, ""},
                    "INSERT INTO atrium_events (id, channel, name, data, created_ms) "
                    "VALUES (:id, :channel, :name, :data, :created)",
                    {{"id", id},
                     {"channel", std::string(channel)},
                     {"name", std::string(name)},
                     {"data", std::string(data)},
                     {"created", nowMs()}});
    payload["ref"] = true;
    text = payload.dump();
  }
  database_.query({"events.notify", kComponent, ""}, "SELECT pg_notify('atrium_events', :payload)",
                  {{"payload", text}});
  if (nowMs() - last_purge_ms_.load() > retention_.count()) purgeOld();
  return static_cast<uint64_t>(id);
}

void PgEventBus::purgeOld() {
  last_purge_ms_.store(nowMs());
  try {
    database_.query({"events.purge", kComponent, ""},
                    "DELETE FROM atrium_events WHERE created_ms < :before",
                    {{"before", nowMs() - 2 * retention_.count()}});
  } catch (const std::exception& e) {
    logger_.warn("could not purge old events", {{"reason", e.what()}});
  }
}

void PgEventBus::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { run(); });
}

void PgEventBus::stop() {
  if (!thread_.joinable()) return;
  const uint64_t one = 1;
  [[maybe_unused]] ssize_t n = ::write(stop_fd_, &one, sizeof one);
  thread_.join();
}

void PgEventBus::run() {
  bool warned = false;
  for (;;) {
    PgConn pg;
    pg.conn = PQconnectdb(connection_string_.c_str());
    if (PQstatus(pg.conn) == CONNECTION_OK) {
      PQsetNoticeProcessor(pg.conn, discardNotice, nullptr);
      PGresult* listen = PQexec(pg.conn, "LISTEN atrium_events");
      const bool ok = PQresultStatus(listen) == PGRES_COMMAND_OK;
      PQclear(listen);
      if (ok) {
        listening_.store(true);
        if (warned) logger_.info("listening for other instances' events again");
        warned = false;
        for (;;) {
          pollfd fds[2] = {{PQsocket(pg.conn), POLLIN, 0}, {stop_fd_, POLLIN, 0}};
          ::poll(fds, 2, 1000);
          if (fds[1].revents & POLLIN) {
            listening_.store(false);
            return;
          }
          if (PQconsumeInput(pg.conn) == 0) break;  // connection lost
          while (PGnotify* notify = PQnotifies(pg.conn)) {
            const nlohmann::json event = nlohmann::json::parse(notify->extra, nullptr, false);
            PQfreemem(notify);
            if (!event.is_object() || event.value("o", "") == origin_) continue;
            const uint64_t id = event.value("id", uint64_t{0});
            if (!event.value("ref", false)) {
              hub_.publishWithId(id, event.value("c", ""), event.value("n", ""),
                                 event.contains("d") ? event["d"].dump() : "null");
              continue;
            }
            const std::string id_text = std::to_string(id);
            const char* params[1] = {id_text.c_str()};
            PGresult* row = PQexecParams(
                pg.conn, "SELECT channel, name, data FROM atrium_events WHERE id = $1::bigint", 1,
                nullptr, params, nullptr, nullptr, 0);
            if (PQresultStatus(row) == PGRES_TUPLES_OK && PQntuples(row) == 1) {
              hub_.publishWithId(id, PQgetvalue(row, 0, 0), PQgetvalue(row, 0, 1),
                                 PQgetvalue(row, 0, 2));
            }
            PQclear(row);
          }
        }
      }
    }
    listening_.store(false);
    if (!warned) {
      logger_.warn("lost the connection that receives other instances' events; retrying",
                   {{"reason", PQerrorMessage(pg.conn)}});
      warned = true;
    }
    pollfd stop{stop_fd_, POLLIN, 0};
    if (::poll(&stop, 1, 1000) > 0) return;
  }
}

}  // namespace atrium::host::events

#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <thread>

#include "host/common/logger.hpp"
#include "host/services/events/event_hub.hpp"

namespace atrium::host::db {
class Database;
}

namespace atrium::host::events {

// Events across instances sharing one PostgreSQL database. publish() numbers the event from
// the sequence atrium_event_ids, delivers it to this instance's hub at once and sends it to the
// others with NOTIFY atrium_events (the event in the payload, or — above kMaxPayload — a
// reference to a row of atrium_events). A listener thread on its own connection LISTENs and
// hands other instances' events to the hub with their ids, so a client can resume with
// Last-Event-ID on any instance. The listener reconnects after a lost connection (events sent
// meanwhile are not replayed: clients resuming across the outage get a reset if their buffer no
// longer covers the gap). sql/host/0003_create_events.postgresql.sql.
class PgEventBus {
 public:
  static constexpr size_t kMaxPayload = 7000;  // NOTIFY payloads stop at 8000 bytes

  PgEventBus(db::Database& database, std::string connection_string, EventHub& hub,
             std::chrono::milliseconds retention, const common::LogSink& logs);
  ~PgEventBus();
  PgEventBus(const PgEventBus&) = delete;
  PgEventBus& operator=(const PgEventBus&) = delete;

  // The sequence's current value: the hub's first id (ids below it were never buffered here).
  static uint64_t currentId(db::Database& database);
  void start();
  void stop();
  // Throws db errors (the caller reports them as unavailable).
  uint64_t publish(std::string_view channel, std::string_view name, std::string_view data);
  bool listening() const { return listening_.load(); }

 private:
  void run();
  void purgeOld();

  db::Database& database_;
  std::string connection_string_;
  EventHub& hub_;
  std::chrono::milliseconds retention_;
  common::Logger logger_;
  std::string origin_;  // this instance, to skip its own notifications
  std::thread thread_;
  int stop_fd_ = -1;
  std::atomic<bool> listening_{false};
  std::atomic<int64_t> last_purge_ms_{0};
};

}  // namespace atrium::host::events

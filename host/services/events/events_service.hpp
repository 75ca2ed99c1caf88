#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "host/common/logger.hpp"
#include "host/config/host_config.hpp"
#include "host/services/events/event_hub.hpp"
#include "host/services/events/events_metrics.hpp"
#include "host/services/events/pg_event_bus.hpp"
#include "host/services/events/stream_writer.hpp"
#include "host/services/events/ticket_store.hpp"
#include "host/services/events/topic_policy.hpp"

namespace atrium::host::db {
class Database;
}

namespace atrium::host::events {

// A publish refused for its input (bad channel or event name, data not JSON or too large).
class PublishError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// The events service of one host (`events:`): publishing, tickets, topic authorisation and the
// open streams. Built at start-up, shared by the HTTP endpoints, the plugins' host table and
// the scripts. Thread-safe.
class EventsService {
 public:
  // With a PostgreSQL `database`, events reach the streams of every instance sharing it
  // (PgEventBus); otherwise (SQLite, none) this instance's only. Throws db errors when the
  // PostgreSQL event sequence cannot be read.
  EventsService(const config::EventsConfig& config, TopicPolicy policy, const common::LogSink& logs,
                db::Database* database = nullptr);
  ~EventsService();

  void start();
  void stop();  // closes every stream

  // Publishes `data_json` (a JSON value) as `name` on `channel`. Returns the event id. Throws
  // PublishError for bad input.
  uint64_t publish(std::string_view channel, std::string_view name, std::string_view data_json);

  // Takes over `fd` (a connected socket the caller no longer uses): writes `head` (the HTTP
  // response head), the retry advice and what the client missed since `last_event_id`, then
  // every event of `channels`. false when max_streams are open (fd closed).
  bool openStream(int fd, std::string head, std::string user, std::vector<std::string> channels,
                  std::optional<uint64_t> last_event_id);
  bool full() const;
  // True when events fan out across instances (PostgreSQL).
  bool shared() const { return bus_ != nullptr; }

  // In the database with PostgreSQL (any instance redeems), in memory otherwise.
  TicketStore& tickets() { return *tickets_; }
  const TopicPolicy& policy() const { return policy_; }
  const config::EventsConfig& config() const { return config_; }
  EventsMetrics& metrics() { return metrics_; }
  EventHub& hub() { return hub_; }
  size_t openStreams() const { return writer_.openStreams(); }

 private:
  const config::EventsConfig& config_;
  TopicPolicy policy_;
  common::Logger logger_;
  EventsMetrics metrics_;
  std::unique_ptr<TicketStore> tickets_;
  StreamWriter writer_;
  EventHub hub_;
  std::unique_ptr<PgEventBus> bus_;  // PostgreSQL only
};

}  // namespace atrium::host::events

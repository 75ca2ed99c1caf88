#include "host/services/events/events_service.hpp"

#include <unistd.h>

#include <chrono>

#include <nlohmann/json.hpp>

#include "host/db/database.hpp"
#include "host/services/events/database_ticket_store.hpp"
#include "host/services/events/event_frame.hpp"

namespace atrium::host::events {

namespace {

// Ids continue across restarts: they start at the start time in microseconds, so an id from
// before a restart is always below the new hub's first id (and its client gets a reset).
uint64_t startingId() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count());
}

bool sharedDatabase(db::Database* database) {
  return database != nullptr && database->backend() == db::Backend::kPostgresql;
}

}  // namespace

EventsService::EventsService(const config::EventsConfig& config, TopicPolicy policy,
                             const common::LogSink& logs, db::Database* database)
    : config_(config),
      policy_(std::move(policy)),
      logger_(logs, "host.events"),
      writer_(
          config.heartbeat_interval, metrics_, [this](EventStream& s) { hub_.unsubscribe(s); },
          [this](Clock::time_point now) { hub_.sweep(now); }),
      hub_(EventHub::Options{.buffer_size = config.buffer_size,
                             .buffer_age = config.buffer_age,
                             .first_id = sharedDatabase(database) ? PgEventBus::currentId(*database)
                                                                  : startingId()},
           metrics_, [this](const std::shared_ptr<EventStream>& s) { writer_.wake(s); }) {
  if (sharedDatabase(database)) {
    tickets_ =
        std::make_unique<DatabaseTicketStore>(*database, config.ticket_ttl, config.max_tickets);
  } else {
    tickets_ = std::make_unique<MemoryTicketStore>(config.ticket_ttl, config.max_tickets);
  }
  if (sharedDatabase(database) && config.enabled) {
    bus_ = std::make_unique<PgEventBus>(*database, database->pool().url().connection_string, hub_,
                                        config.buffer_age, logs);
  }
}

EventsService::~EventsService() { stop(); }

void EventsService::start() {
  writer_.start();
  if (bus_) bus_->start();
}

void EventsService::stop() {
  if (bus_) bus_->stop();
  writer_.stop();
}

uint64_t EventsService::publish(std::string_view channel, std::string_view name,
                                std::string_view data_json) {
  if (!config_.enabled) throw std::runtime_error("events are disabled (events.enabled: false)");
  if (!validChannelName(channel)) {
    throw PublishError("channel must be 1-200 characters of A-Z a-z 0-9 : _ . -");
  }
  if (!validEventName(name)) {
    throw PublishError("event name must be 1-100 characters of A-Z a-z 0-9 : _ . -");
  }
  if (data_json.size() > config_.max_event_bytes) {
    throw PublishError("event data is over events.max_event_bytes (" +
                       std::to_string(config_.max_event_bytes) + " bytes)");
  }
  nlohmann::json data = nlohmann::json::parse(data_json, nullptr, false);
  if (data.is_discarded()) throw PublishError("event data is not JSON");
  // One line on the wire whatever the publisher's formatting.
  if (bus_) return bus_->publish(channel, name, data.dump());
  return hub_.publish(channel, name, data.dump());
}

bool EventsService::full() const { return writer_.openStreams() >= config_.max_streams; }

bool EventsService::openStream(int fd, std::string head, std::string user,
                               std::vector<std::string> channels,
                               std::optional<uint64_t> last_event_id) {
  if (full()) {
    ::close(fd);
    return false;
  }
  const auto now = Clock::now();
  auto stream = std::make_shared<EventStream>(fd, config_.queue_limit + head.size(), now,
                                              now + config_.max_stream_duration, std::move(user));
  stream->enqueue(head);
  stream->enqueue(formatRetry(config_.retry.count()));
  // Subscribed before the writer sees it: no event published from now on can be missed.
  hub_.subscribe(stream, std::move(channels), last_event_id);
  writer_.attach(stream);
  return true;
}

}  // namespace atrium::host::events

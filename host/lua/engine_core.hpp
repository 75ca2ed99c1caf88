#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "host/common/logger.hpp"
#include "host/lua/engine_options.hpp"
#include "host/lua/script_metrics.hpp"
#include "host/lua/script_registry.hpp"

namespace atrium::host::db {
class Database;
}
namespace atrium::host::events {
class EventsService;
}
namespace atrium::host::messaging {
class MessagingService;
}
namespace atrium::host::ai {
class AiService;
}

namespace atrium::host::lua {

class WorkerState;

// What the engine's threads share: options, the logger, the database, the published registry
// and the Lua states it owns (one per calling thread). Held by shared_ptr so that a thread
// ending after the engine is gone does not touch it.
class EngineCore : public std::enable_shared_from_this<EngineCore> {
 public:
  EngineCore(EngineOptions options, const common::LogSink& sink, db::Database* database);
  ~EngineCore();
  EngineCore(const EngineCore&) = delete;
  EngineCore& operator=(const EngineCore&) = delete;

  const EngineOptions& options() const { return options_; }
  const common::Logger& logger() const { return logger_; }
  db::Database* database() const { return database_; }
  // The mail and SMS service (atrium.mail, atrium.sms); nullptr until provided.
  messaging::MessagingService* messaging() const {
    return messaging_.load(std::memory_order_acquire);
  }
  events::EventsService* events() const { return events_.load(std::memory_order_acquire); }
  void setEvents(events::EventsService* events) {
    events_.store(events, std::memory_order_release);
  }
  void setMessaging(messaging::MessagingService* messaging) {
    messaging_.store(messaging, std::memory_order_release);
  }

  // The AI service (atrium.ai); nullptr until provided.
  ai::AiService* ai() const { return ai_.load(std::memory_order_acquire); }
  void setAi(ai::AiService* ai) { ai_.store(ai, std::memory_order_release); }

  // The registry: read on every call as one atomic load (generation); the snapshot itself is
  // taken under a mutex only when the generation changed.
  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }
  std::shared_ptr<const Registry> snapshot() const;
  void publish(std::shared_ptr<Registry> next);

  // Per-script call counters and durations (/metrics).
  ScriptMetrics& metrics() { return metrics_; }
  const ScriptMetrics& metrics() const { return metrics_; }

  // The calling thread's Lua state for this engine, created on first use. No lock on the
  // way back in: a thread_local list remembers it.
  WorkerState& threadState();
  // A thread ended: its state goes away with it.
  void release(WorkerState* state);
  size_t stateCount() const;

 private:
  EngineOptions options_;
  common::Logger logger_;
  db::Database* database_;
  std::atomic<messaging::MessagingService*> messaging_{nullptr};
  std::atomic<events::EventsService*> events_{nullptr};
  std::atomic<ai::AiService*> ai_{nullptr};
  const uint64_t id_;  // unique per process, never reused

  ScriptMetrics metrics_;

  std::atomic<uint64_t> generation_{0};
  mutable std::mutex registry_mutex_;
  std::shared_ptr<const Registry> registry_;

  mutable std::mutex states_mutex_;
  std::vector<std::unique_ptr<WorkerState>> states_;
};

}  // namespace atrium::host::lua

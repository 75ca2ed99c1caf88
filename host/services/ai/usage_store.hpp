#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace atrium::host::db {
class Database;
}

namespace atrium::host::ai {

// One row of atrium_ai_usage (sql/host/0004_create_ai_usage.*).
struct UsageRecord {
  std::string product;
  std::string plugin;       // plugin name, or "lua.<script id>" for a script
  std::string user_id;      // "" stored as NULL
  std::string template_id;  // the prompt script, "" for an explicit prompt
  std::string provider;
  std::string model;
  bool in_tokens = false;  // unit: tokens or characters
  int64_t prompt_units = 0;
  int64_t completion_units = 0;
  int attempts = 0;
  int64_t latency_ms = 0;
  std::string outcome;     // "ok" or an error kind name
  std::string request_id;  // "" stored as NULL
  std::chrono::system_clock::time_point at;
};

// Writes usage rows. Thread-safe (the Database is).
class UsageStore {
 public:
  explicit UsageStore(db::Database& database) : database_(database) {}
  // Throws db::QueryError / db::DatabaseUnavailable.
  void record(const UsageRecord& record);

 private:
  db::Database& database_;
};

}  // namespace atrium::host::ai

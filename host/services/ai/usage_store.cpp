#include "host/services/ai/usage_store.hpp"

#include "host/common/logger.hpp"
#include "host/db/database.hpp"

namespace atrium::host::ai {
namespace {

db::Value textOrNull(const std::string& text) {
  if (text.empty()) return std::monostate{};
  return text;
}

}  // namespace

void UsageStore::record(const UsageRecord& record) {
  char at[common::kIsoTimestampLength];
  common::formatIsoTimestamp(record.at, at);
  const db::Params params = {
      {"product", record.product},
      {"plugin", record.plugin},
      {"user_id", textOrNull(record.user_id)},
      {"template", record.template_id},
      {"provider", record.provider},
      {"model", record.model},
      {"unit", std::string(record.in_tokens ? "tokens" : "characters")},
      {"prompt_units", record.prompt_units},
      {"completion_units", record.completion_units},
      {"attempts", static_cast<int64_t>(record.attempts)},
      {"latency_ms", record.latency_ms},
      {"outcome", record.outcome},
      {"request_id", textOrNull(record.request_id)},
      {"created_at", std::string(at, sizeof at)},
  };
  database_.query(
      db::QueryTag{"ai.usage.insert", "host.ai", record.request_id},
      "INSERT INTO atrium_ai_usage (product, plugin, user_id, template, provider, model, unit, "
      "prompt_units, completion_units, attempts, latency_ms, outcome, request_id, created_at) "
      "VALUES (:product, :plugin, :user_id, :template, :provider, :model, :unit, :prompt_units, "
      ":completion_units, :attempts, :latency_ms, :outcome, :request_id, :created_at)",
      params);
}

}  // namespace atrium::host::ai

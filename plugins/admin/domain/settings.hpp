// The plugin's config block (config_schema.yaml, defaults applied by the host) as typed
// settings, checked once at start. Pure (unit-tested).
#pragma once

#include <chrono>
#include <vector>

#include <nlohmann/json.hpp>

#include "plugins/admin/domain/metric.hpp"
#include "plugins/admin/domain/stats_view.hpp"

namespace atrium::plugins::admin {

struct Settings {
  std::vector<Metric> metrics;
  std::chrono::milliseconds cache_ttl{10'000};
  Envelope envelope = Envelope::kSuccessData;
};

// Throws MetricError naming the key (stats[1].table, cache_ttl, envelope).
Settings parseSettings(const nlohmann::json& config);

}  // namespace atrium::plugins::admin

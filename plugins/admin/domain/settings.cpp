#include "plugins/admin/domain/settings.hpp"

namespace atrium::plugins::admin {

Settings parseSettings(const nlohmann::json& config) {
  Settings s;
  if (!config.is_object()) throw MetricError("the admin plugin's config must be a map");
  s.metrics = parseMetrics(config.value("stats", nlohmann::json()));
  const nlohmann::json ttl = config.value("cache_ttl", nlohmann::json(10'000));
  if (!ttl.is_number_integer() || ttl.get<int64_t>() < 0) {
    throw MetricError("cache_ttl: must be a duration of 0 or more");
  }
  s.cache_ttl = std::chrono::milliseconds(ttl.get<int64_t>());
  const std::string envelope = config.value("envelope", std::string("success_data"));
  if (envelope == "bare") {
    s.envelope = Envelope::kBare;
  } else if (envelope != "success_data") {
    throw MetricError("envelope: '" + envelope + "' is not success_data or bare");
  }
  return s;
}

}  // namespace atrium::plugins::admin

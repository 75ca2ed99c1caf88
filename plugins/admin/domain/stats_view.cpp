#include "plugins/admin/domain/stats_view.hpp"

#include <stdexcept>

namespace atrium::plugins::admin {

nlohmann::json scaledJson(int64_t value, int scale) {
  if (scale < 0 || scale > kMaxScale) throw std::invalid_argument("scale out of range");
  int64_t divisor = 1;
  for (int i = 0; i < scale; ++i) divisor *= 10;
  if (value % divisor == 0) return value / divisor;
  return static_cast<double>(value) / static_cast<double>(divisor);
}

std::string renderStats(const std::vector<Metric>& metrics, const std::vector<int64_t>& values,
                        Envelope envelope) {
  if (values.size() != metrics.size()) {
    throw std::invalid_argument("renderStats: one value per metric expected");
  }
  nlohmann::ordered_json data = nlohmann::ordered_json::object();
  for (size_t i = 0; i < metrics.size(); ++i) {
    const nlohmann::json value = scaledJson(values[i], metrics[i].scale);
    if (value.is_number_integer()) {
      data[metrics[i].name] = value.get<int64_t>();
    } else {
      data[metrics[i].name] = value.get<double>();
    }
  }
  nlohmann::ordered_json body = data;
  if (envelope == Envelope::kSuccessData) {
    body = nlohmann::ordered_json::object();
    body["success"] = true;
    body["data"] = std::move(data);
  }
  return body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace atrium::plugins::admin

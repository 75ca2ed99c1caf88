// The statistics as the client sees them: {name: number} in config order, amounts rendered
// from exact integers. Pure (unit-tested).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "plugins/admin/domain/metric.hpp"

namespace atrium::plugins::admin {

enum class Envelope { kSuccessData, kBare };

// An integer with `scale` implied decimals as a JSON number, the way the weddings plugin renders
// money (plugins/weddings/domain/money.cpp amountJson): 15000000 (scale 2) -> 150000,
// 15000050 -> 150000.5. A whole result stays an exact integer.
nlohmann::json scaledJson(int64_t value, int scale);

// {"success": true, "data": {...}} (kSuccessData) or the bare object, serialised, with the
// metrics in config order. `values[i]` belongs to `metrics[i]`.
std::string renderStats(const std::vector<Metric>& metrics, const std::vector<int64_t>& values,
                        Envelope envelope);

}  // namespace atrium::plugins::admin

// Gift amounts, stored exactly as integer minor units (1 = 0.01 of the currency), never as
// floating point: a sum of many gifts must be exact.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace atrium::plugins::weddings {

// A positive amount as a JSON number or a decimal string ("150000", "99.5", 250000.25) with at
// most two fraction digits and at most `max_whole` whole units; std::nullopt otherwise.
std::optional<int64_t> parseAmount(const nlohmann::json& value, int64_t max_whole);

// Minor units as the JSON number the client shows: 15000000 -> 150000, 9950 -> 99.5.
nlohmann::json amountJson(int64_t minor);

struct GiftAmount {
  int64_t amount_minor = 0;
  int64_t created_at = 0;  // milliseconds since the epoch
};

// {count, total, byDay: [{date: "YYYY-MM-DD" (UTC), count, total}]} with days in date order.
nlohmann::json giftStats(const std::vector<GiftAmount>& gifts);

}  // namespace atrium::plugins::weddings

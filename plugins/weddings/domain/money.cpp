#include "plugins/weddings/domain/money.hpp"

#include <cmath>
#include <ctime>
#include <limits>
#include <map>

namespace atrium::plugins::weddings {
namespace {

std::optional<int64_t> parseDecimal(const std::string& text, int64_t max_whole) {
  if (text.empty() || text.size() > 24) return std::nullopt;
  int64_t whole = 0;
  size_t i = 0;
  size_t digits = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++digits) {
    if (whole > max_whole) return std::nullopt;
    whole = whole * 10 + (text[i] - '0');
  }
  if (digits == 0 || whole > max_whole) return std::nullopt;
  int64_t fraction = 0;
  if (i < text.size()) {
    if (text[i] != '.') return std::nullopt;
    ++i;
    size_t fraction_digits = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++fraction_digits) {
      if (fraction_digits == 2) return std::nullopt;  // more precision than the currency has
      fraction = fraction * 10 + (text[i] - '0');
    }
    if (fraction_digits == 0 || i != text.size()) return std::nullopt;
    if (fraction_digits == 1) fraction *= 10;
  }
  const int64_t minor = whole * 100 + fraction;
  if (minor <= 0) return std::nullopt;
  return minor;
}

}  // namespace

std::optional<int64_t> parseAmount(const nlohmann::json& value, int64_t max_whole) {
  if (value.is_string()) return parseDecimal(value.get<std::string>(), max_whole);
  if (value.is_number_integer()) {
    if (value.is_number_unsigned() &&
        value.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return std::nullopt;
    }
    const int64_t whole = value.get<int64_t>();
    if (whole <= 0 || whole > max_whole) return std::nullopt;
    return whole * 100;
  }
  if (value.is_number_float()) {
    const double number = value.get<double>();
    if (!std::isfinite(number) || number <= 0 || number > static_cast<double>(max_whole)) {
      return std::nullopt;
    }
    const double minor = std::round(number * 100);
    if (std::fabs(minor - number * 100) > 1e-6 * std::max(1.0, number)) return std::nullopt;
    return static_cast<int64_t>(minor);
  }
  return std::nullopt;
}

nlohmann::json amountJson(int64_t minor) {
  if (minor % 100 == 0) return minor / 100;
  return static_cast<double>(minor) / 100.0;
}

nlohmann::json giftStats(const std::vector<GiftAmount>& gifts) {
  struct Day {
    int64_t count = 0;
    int64_t total = 0;
  };
  std::map<std::string, Day> days;
  int64_t total = 0;
  for (const GiftAmount& gift : gifts) {
    total += gift.amount_minor;
    const std::time_t at = static_cast<std::time_t>(gift.created_at / 1000);
    std::tm utc{};
    gmtime_r(&at, &utc);
    char date[16];
    std::strftime(date, sizeof date, "%Y-%m-%d", &utc);
    Day& day = days[date];
    ++day.count;
    day.total += gift.amount_minor;
  }
  nlohmann::json by_day = nlohmann::json::array();
  for (const auto& [date, day] : days) {
    by_day.push_back({{"date", date}, {"count", day.count}, {"total", amountJson(day.total)}});
  }
  return {{"count", static_cast<int64_t>(gifts.size())},
          {"total", amountJson(total)},
          {"byDay", std::move(by_day)}};
}

}  // namespace atrium::plugins::weddings

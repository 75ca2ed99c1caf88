// Wedding fields as the couple sends them: reading, checking and the guest-page slug format.
// Pure functions over JSON, tested without a host (tests/plugins/weddings/).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace atrium::plugins::weddings {

struct FieldError {
  std::string field;
  std::string message;
};

struct WeddingFields {
  std::optional<std::string> groom_name;
  std::optional<std::string> bride_name;
  std::optional<std::string> wedding_date;  // YYYY-MM-DD
  std::optional<std::string> wedding_location;
  std::optional<std::string> language;  // lower-case, one of the configured languages
  std::optional<std::string> slug;
};

// Reads groomName, brideName, weddingDate, weddingLocation, language and slug from `body`.
// `create`: the first four are required. Every problem is appended to `errors` (field, message);
// the result holds only the fields that were present and valid.
WeddingFields readWeddingFields(const nlohmann::json& body, bool create,
                                const std::vector<std::string>& languages,
                                std::vector<FieldError>& errors);

// A trimmed string member `field` of `body`, valid UTF-8, `min`-`max` characters long; absent
// (or null) is an error only when `required`. Problems are appended to `errors`.
std::optional<std::string> readText(const nlohmann::json& body, const char* field, bool required,
                                    size_t min, size_t max, std::vector<FieldError>& errors);

// 3-60 characters of a-z and 0-9 in groups joined by single dashes ("aziz-va-malika").
bool validSlug(std::string_view slug);
// A real calendar date written YYYY-MM-DD (2026-02-30 is not).
bool validDate(std::string_view date);
// Characters (code points) of valid UTF-8 text; std::nullopt when it is not valid UTF-8.
std::optional<size_t> utf8Length(std::string_view text);
// 2026-11-22T12:00:00.123Z: a time (milliseconds since the epoch) as the product's client
// reads JSON dates (UTC).
std::string isoTime(int64_t millis);
// "uz" -> "UZ": how the product's client stores a page language.
std::string upper(std::string_view text);

}  // namespace atrium::plugins::weddings

#include "plugins/weddings/domain/wedding.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>

namespace atrium::plugins::weddings {
namespace {

constexpr size_t kMaxName = 100;
constexpr size_t kMaxLocation = 300;

}  // namespace

std::optional<std::string> readText(const nlohmann::json& body, const char* field, bool required,
                                    size_t min, size_t max, std::vector<FieldError>& errors) {
  if (!body.contains(field) || body[field].is_null()) {
    if (required) errors.push_back({field, "is required"});
    return std::nullopt;
  }
  if (!body[field].is_string()) {
    errors.push_back({field, "must be a string"});
    return std::nullopt;
  }
  std::string value = body[field].get<std::string>();
  const auto first = value.find_first_not_of(" \t\r\n");
  value = first == std::string::npos
              ? std::string()
              : value.substr(first, value.find_last_not_of(" \t\r\n") - first + 1);
  const std::optional<size_t> length = utf8Length(value);
  if (!length) {
    errors.push_back({field, "must be valid UTF-8 text"});
    return std::nullopt;
  }
  if (*length < min || *length > max) {
    errors.push_back(
        {field, "must be " + std::to_string(min) + "-" + std::to_string(max) + " characters long"});
    return std::nullopt;
  }
  return value;
}

WeddingFields readWeddingFields(const nlohmann::json& body, bool create,
                                const std::vector<std::string>& languages,
                                std::vector<FieldError>& errors) {
  WeddingFields out;
  if (!body.is_object()) {
    errors.push_back({"body", "must be a JSON object"});
    return out;
  }
  out.groom_name = readText(body, "groomName", create, 1, kMaxName, errors);
  out.bride_name = readText(body, "brideName", create, 1, kMaxName, errors);
  out.wedding_location = readText(body, "weddingLocation", create, 1, kMaxLocation, errors);
  if (auto date = readText(body, "weddingDate", create, 10, 10, errors)) {
    if (validDate(*date)) {
      out.wedding_date = std::move(date);
    } else {
      errors.push_back({"weddingDate", "must be a date written YYYY-MM-DD"});
    }
  } else if (body.contains("weddingDate") && body["weddingDate"].is_string()) {
    errors.back().message = "must be a date written YYYY-MM-DD";
  }
  if (auto language = readText(body, "language", false, 1, 10, errors)) {
    std::string lower = *language;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (std::find(languages.begin(), languages.end(), lower) != languages.end()) {
      out.language = lower;
    } else {
      std::string list;
      for (const auto& l : languages) list += (list.empty() ? "" : ", ") + l;
      errors.push_back({"language", "must be one of " + list});
    }
  }
  if (auto slug = readText(body, "slug", false, 0, 200, errors)) {
    if (!slug->empty()) {
      if (validSlug(*slug)) {
        out.slug = std::move(slug);
      } else {
        errors.push_back({"slug", "must be 3-60 characters: a-z, 0-9 and single dashes"});
      }
    }
  }
  return out;
}

bool validSlug(std::string_view slug) {
  if (slug.size() < 3 || slug.size() > 60) return false;
  if (slug.front() == '-' || slug.back() == '-') return false;
  char previous = 0;
  for (const char c : slug) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok || (c == '-' && previous == '-')) return false;
    previous = c;
  }
  return true;
}

bool validDate(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return false;
  for (const size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (date[i] < '0' || date[i] > '9') return false;
  }
  const int year = std::stoi(std::string(date.substr(0, 4)));
  const int month = std::stoi(std::string(date.substr(5, 2)));
  const int day = std::stoi(std::string(date.substr(8, 2)));
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int days = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= days;
}

std::optional<size_t> utf8Length(std::string_view text) {
  size_t count = 0;
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    size_t extra = 0;
    uint32_t point = 0;
    if (c < 0x80) {
      point = c;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      point = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      point = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      point = c & 0x07;
    } else {
      return std::nullopt;
    }
    if (extra > 0 && i + extra >= text.size()) return std::nullopt;  // truncated sequence
    for (size_t k = 1; k <= extra; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return std::nullopt;
      point = (point << 6) | (next & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (point < kMin[extra] || point > 0x10FFFF || (point >= 0xD800 && point <= 0xDFFF)) {
      return std::nullopt;
    }
    if (c == 0) return std::nullopt;  // NUL has no place in a name
    i += extra + 1;
    ++count;
  }
  return count;
}

std::string isoTime(int64_t millis) {
  const std::time_t at = static_cast<std::time_t>(millis / 1000);
  std::tm utc{};
  gmtime_r(&at, &utc);
  char text[40];
  const size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(text + n, sizeof text - n, ".%03dZ", static_cast<int>(millis % 1000));
  return text;
}

std::string upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

}  // namespace atrium::plugins::weddings

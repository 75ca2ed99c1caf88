#include "host/db/timestamp_text.hpp"

#include <cctype>

namespace atrium::host::db {
namespace {

bool digits(std::string_view text, size_t from, size_t count) {
  if (text.size() < from + count) return false;
  for (size_t i = from; i < from + count; ++i) {
    if (std::isdigit(static_cast<unsigned char>(text[i])) == 0) return false;
  }
  return true;
}

// "YYYY-MM-DD?HH:MM:SS" at the start of `text`.
bool dateAndTime(std::string_view text) {
  return text.size() >= 19 && digits(text, 0, 4) && text[4] == '-' && digits(text, 5, 2) &&
         text[7] == '-' && digits(text, 8, 2) && (text[10] == ' ' || text[10] == 'T') &&
         digits(text, 11, 2) && text[13] == ':' && digits(text, 14, 2) && text[16] == ':' &&
         digits(text, 17, 2);
}

bool utcSuffix(std::string_view suffix) {
  return suffix.empty() || suffix == "Z" || suffix == "z" || suffix == "+00" ||
         suffix == "+00:00" || suffix == "-00:00" || suffix == "+0000";
}

}  // namespace

std::string normaliseTimestamp(std::string_view text) {
  if (!dateAndTime(text)) return std::string(text);
  size_t end = 19;
  if (end < text.size() && text[end] == '.') {
    ++end;
    const size_t fraction = end;
    while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end])) != 0) ++end;
    if (end == fraction) return std::string(text);
  }
  if (!utcSuffix(text.substr(end))) return std::string(text);
  std::string out(text.substr(0, end));
  out[10] = 'T';
  // PostgreSQL prints no trailing zeros in the fraction; the same instant stored in SQLite as
  // "...:08.500" or "...:08.000" reads back the same way.
  if (out.size() > 19) {
    while (out.back() == '0') out.pop_back();
    if (out.back() == '.') out.pop_back();
  }
  out += 'Z';
  return out;
}

}  // namespace atrium::host::db

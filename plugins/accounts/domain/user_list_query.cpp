#include "plugins/accounts/domain/user_list_query.hpp"

#include <cstdint>

namespace atrium::plugins::accounts {
namespace {

int64_t integerParam(const std::string& name, const std::string& text, int64_t min, int64_t max) {
  const std::string error =
      name + " must be an integer from " + std::to_string(min) + " to " + std::to_string(max);
  if (text.empty() || text.size() > 19) throw UserListQueryError(error);
  int64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') throw UserListQueryError(error);
    value = value * 10 + (c - '0');
  }
  if (value < min || value > max) throw UserListQueryError(error);
  return value;
}

// The number of code points of valid UTF-8 without control characters; nullopt otherwise.
std::optional<size_t> printableLength(std::string_view text) {
  size_t count = 0;
  for (size_t i = 0; i < text.size(); ++count) {
    const auto byte = static_cast<unsigned char>(text[i]);
    size_t extra = 0;
    uint32_t cp = byte;
    if (byte < 0x80) {
      if (byte < 0x20 || byte == 0x7f) return std::nullopt;
    } else if ((byte & 0xe0) == 0xc0) {
      extra = 1;
      cp = byte & 0x1f;
    } else if ((byte & 0xf0) == 0xe0) {
      extra = 2;
      cp = byte & 0x0f;
    } else if ((byte & 0xf8) == 0xf0) {
      extra = 3;
      cp = byte & 0x07;
    } else {
      return std::nullopt;
    }
    if (extra > 0 && i + extra >= text.size()) return std::nullopt;  // truncated sequence
    for (size_t k = 1; k <= extra; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xc0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (next & 0x3f);
    }
    const uint32_t min_cp = extra == 1 ? 0x80 : extra == 2 ? 0x800 : extra == 3 ? 0x10000 : 0;
    if (cp < min_cp || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return std::nullopt;
    i += extra + 1;
  }
  return count;
}

}  // namespace

std::string containsPattern(std::string_view text) {
  std::string out = "%";
  for (const char c : text) {
    if (c == '\\' || c == '%' || c == '_') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

UserListQuery parseUserListQuery(const UserListParams& params, const UserListLimits& limits) {
  UserListQuery query;
  query.limit = limits.default_limit;
  if (params.limit) query.limit = integerParam("limit", *params.limit, 1, limits.max_limit);
  if (params.offset) query.offset = integerParam("offset", *params.offset, 0, kMaxUserListOffset);
  if (params.q && !params.q->empty()) {
    const auto length = printableLength(*params.q);
    if (!length) throw UserListQueryError("q must be UTF-8 text without control characters");
    if (*length > limits.max_search_length) {
      throw UserListQueryError("q must be at most " + std::to_string(limits.max_search_length) +
                               " characters");
    }
    query.search = containsPattern(*params.q);
  }
  if (params.role) {
    if (params.role->empty() || params.role->size() > kMaxRoleLength ||
        !printableLength(*params.role)) {
      throw UserListQueryError("role must be a role name of 1 to " +
                               std::to_string(kMaxRoleLength) + " bytes");
    }
    query.role = *params.role;
  }
  if (params.banned) {
    if (*params.banned == "true") {
      query.banned_only = true;
    } else if (*params.banned != "false") {
      throw UserListQueryError("banned must be true or false");
    }
  }
  return query;
}

}  // namespace atrium::plugins::accounts

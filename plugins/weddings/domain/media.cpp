#include "plugins/weddings/domain/media.hpp"

#include <charconv>

namespace atrium::plugins::weddings {
namespace {

constexpr size_t kMaxIdLength = 64;
constexpr int64_t kMaxOffset = 1'000'000;

bool startsWith(std::string_view text, std::string_view prefix) {
  return text.size() > prefix.size() && text.substr(0, prefix.size()) == prefix;
}

std::string_view trim(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

// Plain decimal digits (no sign, no spaces), at most 9 of them.
std::optional<int64_t> digits(std::string_view text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.front() == '-' ||
      text.front() == '+') {
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::optional<MediaKind> mediaKindOf(std::string_view sniffed_type) {
  if (startsWith(sniffed_type, "image/")) return MediaKind::kImage;
  if (startsWith(sniffed_type, "video/")) return MediaKind::kVideo;
  return std::nullopt;
}

const char* mediaKindName(MediaKind kind) { return kind == MediaKind::kImage ? "IMAGE" : "VIDEO"; }

std::optional<std::string> formWeddingId(std::optional<std::string_view> raw) {
  if (!raw) return std::nullopt;
  const std::string_view id = trim(*raw);
  if (id.empty() || id.size() > kMaxIdLength) return std::nullopt;
  for (const char c : id) {
    if (c <= ' ' || c > '~') return std::nullopt;
  }
  return std::string(id);
}

bool roomForMoreMedia(int64_t stored, int64_t max_per_wedding) { return stored < max_per_wedding; }

MediaPage readMediaPage(std::optional<std::string_view> limit,
                        std::optional<std::string_view> offset, int64_t default_limit,
                        int64_t max_limit, std::vector<FieldError>& errors) {
  MediaPage page{default_limit, 0};
  if (limit) {
    const std::optional<int64_t> value = digits(*limit);
    if (!value || *value < 1 || *value > max_limit) {
      errors.push_back({"limit", "must be a whole number from 1 to " + std::to_string(max_limit)});
    } else {
      page.limit = *value;
    }
  }
  if (offset) {
    const std::optional<int64_t> value = digits(*offset);
    if (!value || *value > kMaxOffset) {
      errors.push_back(
          {"offset", "must be a whole number from 0 to " + std::to_string(kMaxOffset)});
    } else {
      page.offset = *value;
    }
  }
  return page;
}

const char* uploadRefusalMessageKey(int status) {
  switch (status) {
    case 413: return "file_too_large";
    case 415: return "file_type";
    case 422: return "file_unsafe";
    default: return nullptr;
  }
}

}  // namespace atrium::plugins::weddings

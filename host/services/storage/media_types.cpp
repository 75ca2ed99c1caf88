#include "host/services/storage/media_types.hpp"

#include <array>

namespace atrium::host::storage {
namespace {

// Passive media only: what the products upload (photos, videos, voice notes, documents).
constexpr std::array<MediaType, 14> kUploadTypes = {{
    {"image/jpeg", "jpg"},
    {"image/png", "png"},
    {"image/gif", "gif"},
    {"image/webp", "webp"},
    {"image/avif", "avif"},
    {"image/heic", "heic"},
    {"video/mp4", "mp4"},
    {"video/quicktime", "mov"},
    {"video/webm", "webm"},
    {"audio/mpeg", "mp3"},
    {"audio/ogg", "ogg"},
    {"audio/x-wav", "wav"},
    {"audio/wav", "wav"},
    {"application/pdf", "pdf"},
}};

constexpr std::array<std::string_view, 12> kActiveTypes = {"text/html",
                                                           "application/xhtml+xml",
                                                           "image/svg+xml",
                                                           "image/svg",
                                                           "text/xml",
                                                           "application/xml",
                                                           "text/javascript",
                                                           "application/javascript",
                                                           "text/x-php",
                                                           "application/x-httpd-php",
                                                           "application/x-shockwave-flash",
                                                           "text/x-shellscript"};

}  // namespace

std::optional<MediaType> uploadMediaType(std::string_view type) {
  for (const MediaType& known : kUploadTypes) {
    if (known.type == type) return known;
  }
  return std::nullopt;
}

std::optional<MediaType> mediaTypeForExtension(std::string_view extension) {
  for (const MediaType& known : kUploadTypes) {
    if (known.extension == extension) return known;  // the first (canonical) type of it
  }
  return std::nullopt;
}

bool isActiveContentType(std::string_view type) {
  for (std::string_view active : kActiveTypes) {
    if (active == type) return true;
  }
  return false;
}

}  // namespace atrium::host::storage

// The wedding gallery's rules: what kind of media a stored file is (from the type the storage
// service sniffed from its bytes), the form's weddingId, the per-wedding limit and list paging.
// Pure functions, tested without a host (tests/plugins/weddings/media_test.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plugins/weddings/domain/wedding.hpp"

namespace atrium::plugins::weddings {

enum class MediaKind { kImage, kVideo };

// IMAGE for image/*, VIDEO for video/*, by the SNIFFED content type (never the client's header);
// std::nullopt for anything else (audio, PDF: not gallery media, refused with 415).
std::optional<MediaKind> mediaKindOf(std::string_view sniffed_type);
// "IMAGE" / "VIDEO": the `type` the product's client reads.
const char* mediaKindName(MediaKind kind);

// The multipart field `weddingId`, trimmed; std::nullopt when absent, blank, longer than 64
// bytes or holding anything but printable ASCII (ids are URL-safe tokens).
std::optional<std::string> formWeddingId(std::optional<std::string_view> raw);

// Whether a wedding that holds `stored` media may take one more (limit `max_per_wedding`).
bool roomForMoreMedia(int64_t stored, int64_t max_per_wedding);

struct MediaPage {
  int64_t limit = 0;
  int64_t offset = 0;
};
// ?limit= and ?offset= of the gallery list: limit 1..`max_limit` (absent: `default_limit`),
// offset 0..1,000,000 (absent: 0), plain decimal digits only. Problems are appended to `errors`.
MediaPage readMediaPage(std::optional<std::string_view> limit,
                        std::optional<std::string_view> offset, int64_t default_limit,
                        int64_t max_limit, std::vector<FieldError>& errors);

// The key of the product's message (Settings::messages) for a refused upload with HTTP status
// `status` from the multipart parser or the storage service: "file_too_large" (413),
// "file_type" (415), "file_unsafe" (422); nullptr for any other status (its own message stays).
const char* uploadRefusalMessageKey(int status);

}  // namespace atrium::plugins::weddings

#pragma once

#include <optional>
#include <string_view>

namespace atrium::host::storage {

// The media types an upload profile may allow, each with the one extension its stored files
// get and the Content-Type they are served with. The extension always comes from the sniffed
// type, never from the client's file name, so a stored file's name says what it is.
struct MediaType {
  std::string_view type;       // "image/jpeg"
  std::string_view extension;  // "jpg"
};

// The entry for a type libmagic reports, or std::nullopt when uploads of it are not supported.
std::optional<MediaType> uploadMediaType(std::string_view type);
// The entry for a stored file's extension (serving), or std::nullopt.
std::optional<MediaType> mediaTypeForExtension(std::string_view extension);
// Types that browsers execute or render as documents (HTML, SVG, XML, JavaScript, ...): never
// accepted as uploads, whatever a profile says.
bool isActiveContentType(std::string_view type);

}  // namespace atrium::host::storage

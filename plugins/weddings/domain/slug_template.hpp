// Links built from a configured template with a "{slug}" placeholder: the guest page URL that
// a QR code encodes (qr.guest_page_url) and the QR image path a wedding's JSON carries
// (qr.path). Pure functions, tested in tests/plugins/weddings/slug_template_test.cpp.
#pragma once

#include <string>
#include <string_view>

namespace atrium::plugins::weddings {

inline constexpr std::string_view kSlugPlaceholder = "{slug}";

// True when `tmpl` contains "{slug}" at least once.
bool hasSlugPlaceholder(std::string_view tmpl);

// `tmpl` with every "{slug}" replaced by `slug` percent-encoded (RFC 3986: everything but
// A-Z a-z 0-9 - . _ ~ becomes %XX), so no slug can change the link's structure.
std::string fillSlug(std::string_view tmpl, std::string_view slug);

}  // namespace atrium::plugins::weddings
